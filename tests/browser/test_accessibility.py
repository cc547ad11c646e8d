"""axe-core finds no accessibility violation on any page, for each role, once every chart is drawn."""
from __future__ import annotations

import pytest
from browser_support import CHROMIUM_ARGS, chromium_or_skip
from test_pages_browser import wait_drawn

PASSWORD = "a-long-password-for-axe"
ROLES = [("inspector", None), ("admin", None), ("presenter", None), ("coordinator", "S12000036")]


def role_pages(role: str, authority: str | None) -> list[str]:
    import dash

    from dashboard import registry

    registered = {p["path"] for p in dash.page_registry.values() if "<" not in p["path"]}
    pages = sorted(registry.paths_for(role) & registered)
    if "/local-authorities" in registry.paths_for(role):
        pages.append(f"/local-authorities/{authority or 'S12000036'}")
    return pages + ["/account"]


@pytest.mark.browser
@pytest.mark.parametrize("role,authority", ROLES)
def test_no_axe_violations_on_any_page(live_app, role, authority):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    from data_access.users import add_user

    app, base = live_app
    username = f"axe-{role}"
    add_user(app.server.extensions["oversight_db"], username, role, PASSWORD, authority)
    axe = Axe()
    found: dict[str, list[str]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_or_skip(), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(20_000)
            page.goto(f"{base}/login")
            results = axe.run(page)
            found["/login"] = [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}"
                               for v in results.response["violations"]]
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_load_state("networkidle")
            for path in role_pages(role, authority):
                page.goto(f"{base}{path}")
                if path != "/account":
                    wait_drawn(page)
                results = axe.run(page)
                found[path] = [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}"
                               for v in results.response["violations"]]
        finally:
            browser.close()
    assert len(found) >= 4
    assert {path: v for path, v in found.items() if v} == {}
