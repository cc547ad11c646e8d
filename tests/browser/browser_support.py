"""Helpers for the browser tests: Debian Chromium's path and flags, and a log of what went wrong on a page.

Their fixtures (`live_app`, `browser_page`) are in conftest.py."""
from __future__ import annotations

import os
import shutil

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


class PageProblems:
    """Console errors, page errors and failed requests seen by one browser page."""

    def __init__(self, page):
        self.items: list[str] = []
        page.on("console", lambda m: self.items.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.items.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: self.items.append(f"request failed: {r.url} {r.failure}"))
        page.on("response", lambda r: self.items.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)

    def real(self) -> list[str]:
        """The problems, less the browser giving up on the favicon when a test moves on quickly, and
        callback requests the renderer itself cancels because a newer one for the same outputs replaced
        them (a filter changed quickly, Back pressed, a page left before its charts arrived): the newer
        answer is the one the test then checks on screen."""
        return [p for p in self.items
                if not ("ERR_ABORTED" in p and ("_favicon.ico" in p or "_dash-update-component" in p))]


# Every open table a person can see holds its grid, laid out, or its plain table, or says it has none: a
# chart's table is read only once it is opened, so its rows arrive after the details open.
TABLES_LOADED_JS = """() => Array.from(document.querySelectorAll('details.panel-table[open]'))
    .filter(d => !d.closest('[hidden]'))
    .every(d => { const g = d.querySelector('.ag-root-wrapper');
                  return (g && g.offsetWidth > 0) || !!d.querySelector('.panel-no-table, .plain-table'); })"""


def open_every_table(page) -> None:
    """Open every table on the page, as a person would one by one, and wait for their rows."""
    page.evaluate("() => document.querySelectorAll('details.panel-table').forEach(d => { d.open = true; })")
    page.wait_for_function(TABLES_LOADED_JS)
