"""Pictures of every page each demonstration role may open, for the README: `make screenshots`.

Builds a throw-away instance folder with a seeded SQLite database and one demonstration account
per role, serves the dashboard from it on a free loopback port, signs in through the real sign-in
form in headless Chromium (Debian's, never a downloaded one) and writes
docs/screenshots/<role>-<page>.png for every page the registry lets that role open.
"""
from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from dashboard import create_app, registry
from data_access.db import Database, default_database_url
from data_access.users import ensure_demo_users
from seed_data.load import seed

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PROFILE_CODE = "S12000036"  # City of Edinburgh: the profile shown to roles that may open any
SETTLED = """() => {
    if (document.querySelector('[data-dash-is-loading="true"]')) return false;
    if (!document.querySelector('#_pages_content > *')) return false;
    return Array.from(document.querySelectorAll('.dash-graph')).every(g => {
        const plot = g.querySelector('.js-plotly-plot');
        return plot && plot.querySelector('.main-svg')
            && (plot.data || []).length + ((plot.layout || {}).annotations || []).length > 0;
    });
}"""


def page_slug(entry: registry.Page) -> str:
    return entry.name.lower().replace(" ", "-")


def page_path(entry: registry.Page, authority: str | None) -> str:
    """The URL to open: a profile page opens the co-ordinator's own authority, else Edinburgh."""
    return f"{entry.path}/{authority or PROFILE_CODE}" if entry.path_template else entry.path


def pages_for(role: str) -> list[registry.Page]:
    return sorted((p for p in registry.PAGES.values() if p.allows(role)), key=lambda p: p.order)


def seeded_instance(folder: str) -> list[tuple[str, str, str | None, str]]:
    """Schema, demonstration data and the demonstration accounts: (username, role, authority, password)."""
    db = Database(default_database_url(folder))
    try:
        db.upgrade()
        seed(db)
        return ensure_demo_users(db)
    finally:
        db.dispose()


@contextmanager
def serving(folder: str):
    """The dashboard on the instance folder, served from a thread; yields its base URL."""
    os.environ["OVERSIGHT_INSTANCE_PATH"] = folder
    # Redis, if configured for this shell, is shared: keep the throw-away data in the folder's own cache.
    app = create_app({"REDIS_URL": None})
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per picture is enough
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        app.server.extensions["oversight_db"].dispose()


def sign_in(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    if "/login" in page.url:
        raise SystemExit(f"could not sign in as {username}")


def capture(page, url: str, target: Path, full_page: bool) -> list[str]:
    """Open one page, wait until every callback has answered and every chart is drawn, save it.

    Returns the problems the browser reported (console errors, failed requests, refusals).
    """
    problems: list[str] = []

    def on_console(message):
        if message.type == "error":
            problems.append(f"console: {message.text}")

    def on_response(response):
        if response.status >= 400:
            problems.append(f"HTTP {response.status}: {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    try:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.wait_for_function(SETTLED, timeout=60_000)
        # Plotly lays out text a frame after drawing; grids size their rows after data arrives.
        page.wait_for_timeout(500)
        if page.locator("#page-refused").count():
            problems.append("the page was refused")
        page.screenshot(path=str(target), full_page=full_page)
    finally:
        page.remove_listener("console", on_console)
        page.remove_listener("response", on_response)
    return problems


def take(base: str, accounts, roles: list[str], out: Path, width: int, height: int, full_page: bool) -> int:
    """Every page for every role asked for; returns the number of problems met."""
    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("Debian's chromium is not installed (apt-get install chromium); screenshots need it")
    out.mkdir(parents=True, exist_ok=True)
    failures = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        try:
            for username, role, authority, password in accounts:
                if role not in roles:
                    continue
                context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB",
                                              timezone_id="Europe/London")
                page = context.new_page()
                page.set_default_timeout(30_000)
                sign_in(page, base, username, password)
                for entry in pages_for(role):
                    target = out / f"{role}-{page_slug(entry)}.png"
                    started = time.monotonic()
                    try:
                        problems = capture(page, base + page_path(entry, authority), target, full_page)
                    except PlaywrightError as exc:
                        problems = [f"{type(exc).__name__}: {str(exc).splitlines()[0]}"]
                    state = "; ".join(problems) if problems else "ok"
                    print(f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}"
                          f"  {time.monotonic() - started:.1f}s  {state}", flush=True)
                    failures += len(problems)
                context.close()
        finally:
            browser.close()
    return failures


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roles", nargs="+", choices=registry.ROLES, default=list(registry.ROLES),
                        help="the roles to photograph (default: all)")
    parser.add_argument("--out", type=Path, default=OUT, help="where the PNGs go (default: docs/screenshots)")
    parser.add_argument("--width", type=int, default=1280, help="browser width in pixels (default 1280)")
    parser.add_argument("--height", type=int, default=900, help="browser height in pixels (default 900)")
    parser.add_argument("--viewport-only", action="store_true",
                        help="only what fits in the window, not the whole page")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="oversight-screenshots-") as folder:
        accounts = seeded_instance(folder)
        with serving(folder) as base:
            failures = take(base, accounts, args.roles, args.out, args.width, args.height,
                            full_page=not args.viewport_only)
    if failures:
        print(f"{failures} problem(s) met; see above.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
