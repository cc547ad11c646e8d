"""Page ready in a cold headless Chromium (Debian's), and the size of every figure the pages received."""
from __future__ import annotations

import json
import shutil

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

from .client import callback_name, figures_in, serialise

PAGES = ("/", "/timeline", "/surveys", "/themes")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PAGE_LOADS = {"/": 5}
PAGE_LOADS_OTHER = 2
PAGE_TIMEOUT_MS = 20_000

# The page is ready when every graph has drawn the figure its callback sent (SPEC section 9: "every
# graph drawn"): the layout's placeholder figure has no traces and no annotations, and no graph is still
# waiting for its callback. Returns the time since navigation began.
PAGE_READY_JS = """() => {
    const graphs = Array.from(document.querySelectorAll('.dash-graph'));
    if (!graphs.length) return false;
    const drawn = graphs.every(g => {
        const waiting = '[data-dash-is-loading="true"]';
        if (g.closest(waiting) || g.querySelector(waiting)) return false;
        const plot = g.querySelector('.js-plotly-plot');
        if (!plot || !plot.querySelector('.main-svg')) return false;
        return (plot.data || []).length + (((plot.layout || {}).annotations) || []).length > 0;
    });
    return drawn ? Math.max(performance.now(), 0.001) : false;
}"""

# The page is complete when, besides, every shown chart's sentence has arrived (they follow the figures
# in a second answer, `register_panels`) and nothing on the page is waiting for a callback.
PAGE_COMPLETE_JS = """() => {
    if (document.querySelector('[data-dash-is-loading="true"]')) return false;
    const said = Array.from(document.querySelectorAll('section.panel:not([hidden]) .panel-summary'))
        .every(p => p.innerText.trim() !== '');
    return said ? Math.max(performance.now(), 0.001) : false;
}"""

# What each graph holds, for the report when a page is not drawn in time.
GRAPH_STATE_JS = """() => Array.from(document.querySelectorAll('.dash-graph')).map(g => {
    const plot = g.querySelector('.js-plotly-plot');
    return {id: g.id, plot: !!plot, svg: !!(plot && plot.querySelector('.main-svg')),
            traces: plot ? (plot.data || []).length : 0,
            loading: !!g.closest('[data-dash-is-loading="true"]')};
})"""


def page_ready(base: str, session, details: dict, log) -> tuple[dict, dict, list[dict]]:
    """Cold-browser load times per page (ms): every graph drawn, and the page complete with every
    sentence; and the figure payloads the pages received. Evidence of any page not drawn in time goes
    into `details`."""
    chromium = shutil.which("chromium")
    if chromium is None:
        log("Debian chromium is not installed: page-ready not measured")
        return {}, {}, []
    cookies = [{"name": c.name, "value": c.value, "url": base} for c in session.cookies]
    times: dict[str, list[float]] = {}
    complete: dict[str, list[float]] = {}
    timeouts: dict[str, int] = {}
    payloads: list[dict] = []
    seen: set = set()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        try:
            for path in PAGES:
                for i in range(PAGE_LOADS.get(path, PAGE_LOADS_OTHER)):
                    # A new context is a cold browser: no HTTP cache, no service worker, no storage.
                    context = browser.new_context(viewport={"width": 1366, "height": 900})
                    try:
                        context.add_cookies(cookies)
                        ready, done, responses = _load(context.new_page(), base, path, i, details, timeouts)
                        times.setdefault(path, []).append(ready)
                        complete.setdefault(path, []).append(done)
                        for r in responses:  # each callback's figures once; a later load fills any gap
                            payloads_from(path, r, payloads, seen)
                    finally:
                        context.close()
        finally:
            browser.close()
    for path, n in timeouts.items():
        log(f"{path}: {n} load(s) not drawn, or not complete, within {PAGE_TIMEOUT_MS / 1000:.0f} s")
    details["page_timeouts"] = timeouts
    return times, complete, payloads


def _load(page, base: str, path: str, i: int, details: dict, timeouts: dict) -> tuple[float, float, list]:
    responses, problems = [], []
    page.on("response", lambda r: responses.append(r) if "/_dash-update-component" in r.url else None)
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text[:200]}")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {str(e)[:200]}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url[-60:]} {r.failure}"))
    page.goto(base + path, wait_until="commit", timeout=PAGE_TIMEOUT_MS)
    ready = done = float(PAGE_TIMEOUT_MS)  # not drawn, or not complete, in time: counted at the time limit
    try:
        ready = float(page.wait_for_function(PAGE_READY_JS, timeout=PAGE_TIMEOUT_MS, polling="raf").json_value())
        done = float(page.wait_for_function(PAGE_COMPLETE_JS, timeout=PAGE_TIMEOUT_MS, polling="raf").json_value())
    except PlaywrightTimeout:
        timeouts[path] = timeouts.get(path, 0) + 1
        details.setdefault("page_timeout_evidence", []).append({
            "page": path, "load": i + 1, "problems": problems[:20],
            "callback_statuses": [r.status for r in responses], "graphs": page.evaluate(GRAPH_STATE_JS)})
    return ready, done, responses


def payloads_from(path: str, response, payloads: list[dict], seen: set) -> None:
    try:
        body = response.body()
        data = json.loads(body)
    except Exception:
        return
    found = figures_in(data)
    if not found:
        return
    key = tuple(cid for cid, _ in found)
    if key in seen:
        return
    seen.add(key)
    sizes = {cid: len(serialise(fig)) for cid, fig in found}
    payloads.append({"page": path, "callback": callback_name(sizes), "figures": sizes,
                     "response_bytes": len(body), "response_ratio": len(body) / max(sum(sizes.values()), 1)})
