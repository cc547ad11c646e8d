"""A presenter, and a co-ordinator, sign in with a real browser and open every page their role
allows: no response body the browser receives names or codes an authority they may not see."""
from __future__ import annotations

import threading

import pytest
from accounts import EDINBURGH, OTHER_CODE, PASSWORD, ROLE_USERS, leaks
from browser.browser_support import CHROMIUM_ARGS, chromium_or_skip

from dashboard import registry


def pages_to_walk(role: str) -> list[str]:
    pages = sorted(p for p in registry.paths_for(role) if p != "/local-authorities")
    if role == "coordinator":
        pages.append(f"/local-authorities/{EDINBURGH}")
    return pages


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
@pytest.mark.parametrize("role", ["presenter", "coordinator"])
def test_no_response_names_an_authority_outside_the_role(live_server, role):
    from playwright.sync_api import sync_playwright

    executable = chromium_or_skip()
    bodies: list[tuple[str, str]] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page()

            def record(response):
                try:
                    bodies.append((response.url, response.text()))
                except Exception:
                    pass

            page.on("response", record)
            page.goto(f"{live_server}/login")
            page.fill("#username", ROLE_USERS[role][0])
            page.fill("#password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(f"{live_server}/")
            walked = pages_to_walk(role)
            for path in walked:
                resp = page.goto(f"{live_server}{path}")
                assert resp is not None and resp.status == 200, path
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(300)
            assert "Sign out" in page.content()
            callbacks = [url for url, _ in bodies if "/_dash-update-component" in url]
            assert len(callbacks) >= len(walked), "every page ran its callbacks"
            if role == "coordinator":
                # Another authority's profile is refused, and the refusal names nothing.
                resp = page.goto(f"{live_server}/local-authorities/{OTHER_CODE}")
                assert resp is not None and resp.status == 403
        finally:
            browser.close()
    found = {url: leaks(text, role)[:5] for url, text in bodies if leaks(text, role)}
    assert not found
    if role == "coordinator":
        assert any("City of Edinburgh" in text for _, text in bodies), "the co-ordinator sees their own authority"
