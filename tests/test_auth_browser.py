"""A presenter signs in with a real browser, opens every page their role allows, and no response
body the browser receives names or codes an authority."""
from __future__ import annotations

import os
import shutil
import threading

import pytest

from auth_fixtures import *  # noqa: F401,F403 - fixtures and helpers
from auth_fixtures import PASSWORD, ROLE_USERS, leaks
from dashboard.roles import PAGES_BY_ROLE

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def chromium_path() -> str:
    path = shutil.which("chromium")
    if path is None:
        reason = "Debian chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason}; CI=true, so browser tests must run")
        pytest.skip(reason)
    return path


@pytest.fixture
def live_server(auth_app):
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, auth_app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.mark.browser
def test_presenter_sees_no_authority_in_any_response(live_server):
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    bodies: list[tuple[str, str]] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page()

            def record(response):
                try:
                    bodies.append((response.url, response.text()))
                except Exception:  # noqa: BLE001 - redirects and aborted requests have no body
                    pass

            page.on("response", record)
            page.goto(f"{live_server}/login")
            page.fill("#username", ROLE_USERS["presenter"][0])
            page.fill("#password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(f"{live_server}/")
            for path in sorted(PAGES_BY_ROLE["presenter"]):
                resp = page.goto(f"{live_server}{path}")
                assert resp is not None and resp.status == 200, path
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(300)
            callbacks = [url for url, _ in bodies if "/_dash-update-component" in url]
            assert len(callbacks) >= len(PAGES_BY_ROLE["presenter"]), "every page ran its callbacks"
            assert "Sign out" in page.content()
        finally:
            browser.close()
    found = {url: leaks(text, "presenter")[:5] for url, text in bodies if leaks(text, "presenter")}
    assert not found
