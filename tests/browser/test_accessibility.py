"""axe-core finds no violation of any rule tagged WCAG 2.0, 2.1 or 2.2 A/AA or best practice, nor of
target-size, at 1280x800 and 320x640, once every chart is drawn and every table is open, after a filter
change, on a presenter's slide and on the sign-in page showing an error.

CI runs each page once per size with the role that sees most (admin), plus every role on a sample of
pages; OVERSIGHT_TEST_FULL_MATRIX=1 (`make test-all`) runs every role on every page it may open.
"""
from __future__ import annotations

import os

import pytest
from browser_support import CHROMIUM_ARGS, chromium_or_skip, open_every_table
from test_pages_browser import wait_drawn

FULL_MATRIX = os.environ.get("OVERSIGHT_TEST_FULL_MATRIX", "") not in ("", "0")
PASSWORD = "a-long-password-for-axe"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": TAGS}, "rules": {"target-size": {"enabled": True}},
               "resultTypes": ["violations"]}
SIZES = {"1280x800": {"width": 1280, "height": 800}, "320x640": {"width": 320, "height": 640}}
ROLES = {"admin": None, "leader": None, "inspector": None, "coordinator": "S12000036", "presenter": None}
MOST = "admin"  # the role that opens every page
SAMPLE = ("/", "/surveys", "/themes", "/present")  # every role covers these and its profile, where it may
STATIC = ("/about", "/accessibility", "/authorities", "/account")  # no charts to wait for


def role_pages(role: str, authority: str | None) -> list[str]:
    import dash  # imported here: the app (and so the page registry) exists only once a test builds it

    from dashboard import registry

    registered = {p["path"] for p in dash.page_registry.values() if "<" not in p["path"]}
    allowed = registry.paths_for(role)
    pages = sorted(allowed & registered)
    if "/local-authorities" in allowed:
        pages.append(f"/local-authorities/{authority or 'S12000036'}")
    pages.append("/account")
    if role != MOST and not FULL_MATRIX:
        pages = [p for p in pages if p in SAMPLE or p.startswith("/local-authorities/")]
    return pages


def violations(axe, page) -> list[str]:
    results = axe.run(page, options=AXE_OPTIONS)
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
            for v in results.response["violations"]]


def change_a_filter(page):
    """Choose family group 2, or (for a role offered one fixed view) another review."""
    if page.is_enabled("#surveys-family-group"):
        page.select_option("#surveys-family-group", "2")
        page.wait_for_url(lambda url: "family_group=2" in url)
        return
    before = page.input_value("#surveys-review")
    other = page.eval_on_selector("#surveys-review", "(s, v) => [...s.options].map(o => o.value).find("
                                  "x => x && x !== v)", before)
    page.select_option("#surveys-review", other)
    page.wait_for_url(lambda url: f"review={other}" in url)


def _browser(p):
    return p.chromium.launch(executable_path=chromium_or_skip(), args=CHROMIUM_ARGS, headless=True)


def _sign_in(page, base, username):
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


@pytest.mark.browser
@pytest.mark.parametrize("size", SIZES)
def test_sign_in_with_an_error_and_the_statement_signed_out(live_app, size):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    _, base = live_app
    axe, found = Axe(), {}
    with sync_playwright() as p:
        browser = _browser(p)
        try:
            page = browser.new_page(viewport=SIZES[size])
            page.set_default_timeout(20_000)
            page.goto(f"{base}/login")
            found["/login"] = violations(axe, page)
            page.fill("input[name=username]", "nobody-here")
            page.fill("input[name=password]", "not the right password")
            page.click("button[type=submit]")
            page.wait_for_load_state("networkidle")
            assert page.title().startswith("Error:")
            found["/login with an error"] = violations(axe, page)
            page.goto(f"{base}/accessibility")
            page.wait_for_selector("#compliance-status")
            found["/accessibility signed out"] = violations(axe, page)
        finally:
            browser.close()
    assert {k: v for k, v in found.items() if v} == {}


@pytest.mark.browser
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("role", ROLES)
def test_no_axe_violations_with_tables_open_and_after_a_filter_change(live_app, role, size):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    from data_access.users import add_user

    app, base = live_app
    authority = ROLES[role]
    add_user(app.server.extensions["oversight_db"], f"axe-{role}", role, PASSWORD, authority)
    axe, found = Axe(), {}
    with sync_playwright() as p:
        browser = _browser(p)
        try:
            page = browser.new_page(viewport=SIZES[size])
            page.set_default_timeout(20_000)
            _sign_in(page, base, f"axe-{role}")
            for path in role_pages(role, authority):
                page.goto(f"{base}{path}")
                page.wait_for_selector("h1")
                if path not in STATIC:
                    wait_drawn(page)
                if page.locator("details").count():
                    open_every_table(page)
                found[path] = violations(axe, page)
                if path == "/surveys":
                    change_a_filter(page)
                    wait_drawn(page)
                    open_every_table(page)
                    found["/surveys after a filter change"] = violations(axe, page)
        finally:
            browser.close()
    assert len(found) >= 3
    assert {path: v for path, v in found.items() if v} == {}
