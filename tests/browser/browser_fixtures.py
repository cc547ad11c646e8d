"""Browser fixtures (imported by the browser tests): the app on a free loopback port over a seeded
temporary database, and a headless Debian Chromium page signed in as an inspector (when the app has sign-in)."""
from __future__ import annotations

import os
import shutil
import threading

import pytest

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
USERNAME, ROLE, PASSWORD = "inspector1", "inspector", "a-long-password-123"


def chromium_or_skip() -> str:
    path = shutil.which("chromium")
    if path is None:
        reason = "Debian chromium is not installed (apt-get install chromium); browser tests need it"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason}. CI=true, so browser tests must run, not skip")
        pytest.skip(reason)
    return path


@pytest.fixture
def live_app(seeded_url, tmp_path):
    """The dashboard served from a thread on a free port."""
    from werkzeug.serving import make_server

    from dashboard import create_app

    app = create_app({"DATABASE_URL": seeded_url, "CACHE_TYPE": "NullCache", "SECRET_KEY": "browser-test",
                      "CACHE_DIR": str(tmp_path / "cache")})
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield app, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        app.server.extensions["oversight_db"].dispose()


class PageProblems:
    """Console errors, page errors and failed requests seen by one browser page."""

    def __init__(self, page):
        self.items: list[str] = []
        page.on("console", lambda m: self.items.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.items.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: self.items.append(f"request failed: {r.url} {r.failure}"))
        page.on("response", lambda r: self.items.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)


@pytest.fixture
def browser_page(live_app):
    """A signed-in page (through the real /login form when the app has one) and its problem log."""
    from playwright.sync_api import sync_playwright

    app, base = live_app
    executable = chromium_or_skip()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB")
            page = context.new_page()
            page.set_default_timeout(20_000)
            if "/login" in {r.rule for r in app.server.url_map.iter_rules()}:
                from data_access.users import add_user

                add_user(app.server.extensions["oversight_db"], USERNAME, ROLE, PASSWORD)
                page.goto(f"{base}/login")
                page.fill("input[name=username]", USERNAME)
                page.fill("input[name=password]", PASSWORD)
                page.click("button[type=submit]")
                page.wait_for_load_state("networkidle")
            problems = PageProblems(page)
            yield page, base, problems
        finally:
            browser.close()
