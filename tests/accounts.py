"""Plain helpers for sign-in and role tests: one user per role, and requests sent the way a browser
(or an attacker) would. The fixtures built on them (`auth_app`, `auth_client`, `make_app`) are in
conftest.py."""
from __future__ import annotations

import re

from data_access.reference import AUTHORITIES

EDINBURGH = "S12000036"
PASSWORD = "correct horse battery"  # the role users of `auth_app`
SIGN_IN_PASSWORD = "a-long-test-password-1"  # the users the `sign_in` fixture makes
ROLE_USERS = {
    "admin": ("t-admin", None),
    "leader": ("t-leader", None),
    "inspector": ("t-inspector", None),
    "coordinator": ("t-coordinator", EDINBURGH),
    "presenter": ("t-presenter", None),
}
ALL_NAMES = [a.name for a in AUTHORITIES]
ALL_CODES = [a.gss_code for a in AUTHORITIES]
OTHER_CODE = "S12000049"  # Glasgow City
# A key production accepts (64 hex digits: 32 bytes); the test apps' own key is deliberately weak.
PRODUCTION_SECRET = "5f0c3e9a8b7d41e2a6c93f18d2e7b4a05c6d8e1f2a3b4c5d6e7f8091a2b3c4d5"


def identifying_strings(role: str) -> list[str]:
    """Names and codes that must not appear in a response to this role."""
    if role == "presenter":
        return ALL_NAMES + ALL_CODES
    if role == "coordinator":
        return [a.name for a in AUTHORITIES if a.gss_code != EDINBURGH] + [c for c in ALL_CODES if c != EDINBURGH]
    return []


def leaks(text: str, role: str) -> list[str]:
    return [s for s in identifying_strings(role) if s in text]


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF field in the form"
    return match.group(1)


def login(client, username: str, password: str = PASSWORD, next_url: str | None = None):
    page = client.get("/login")
    data = {"username": username, "password": password, "csrf_token": csrf_from(page.get_data(as_text=True))}
    if next_url:
        data["next"] = next_url
    return client.post("/login", data=data)


def login_as(client, role: str):
    resp = login(client, ROLE_USERS[role][0])
    assert resp.status_code == 302, resp.status_code
    return resp


def csrf_header(client) -> dict:
    cookie = client.get_cookie("_csrf_token")
    assert cookie is not None, "no CSRF cookie set"
    return {"X-CSRFToken": cookie.value}
