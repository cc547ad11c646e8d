"""A failed sign-in says "Error" in the page title, and its message takes focus and is announced."""
from __future__ import annotations

import re

from accounts import ROLE_USERS, login


def test_a_failed_sign_in_names_the_error_in_the_title_and_focuses_the_message(auth_client):
    resp = login(auth_client, ROLE_USERS["inspector"][0], "not the right password at all")
    html = resp.get_data(as_text=True)
    assert re.search(r"<title>Error: Sign in - Review Oversight</title>", html), html[:400]
    message = re.search(r'<div[^>]*id="form-message"[^>]*>', html).group(0)
    assert 'role="alert"' in message and 'tabindex="-1"' in message and "autofocus" in message
    assert '<script src="/assets/focus_error.js" defer></script>' in html
    assert auth_client.get("/assets/focus_error.js").status_code == 200


def test_the_sign_in_page_without_an_error_has_a_plain_title_and_no_message(auth_client):
    html = auth_client.get("/login").get_data(as_text=True)
    assert "<title>Sign in - Review Oversight</title>" in html and 'id="form-message"' not in html
