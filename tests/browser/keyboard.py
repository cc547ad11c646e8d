"""Keyboard-only helpers for the browser tests: press Tab until focus reaches something, count Tab stops,
and check that each stop shows a focus indicator of the GOV.UK kind."""
from __future__ import annotations

FOCUSED = """() => { const e = document.activeElement;
    if (!e || e === document.body) return null;
    const s = getComputedStyle(e);
    return {tag: e.tagName, id: e.id || '', cls: String(e.className || ''),
            text: (e.innerText || e.value || '').slice(0, 60),
            href: e.getAttribute('href') || '', inGrid: !!e.closest('.ag-root-wrapper'),
            inSlide: !!e.closest('#present-mode'),
            outline: [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor], shadow: s.boxShadow,
            background: s.backgroundColor, key: e.outerHTML.slice(0, 160)}; }"""
YELLOW, BLACK = "rgb(255, 221, 0)", "rgb(11, 12, 12)"


def focused(page) -> dict | None:
    return page.evaluate(FOCUSED)


def tab_until(page, matches, limit: int = 120, key: str = "Tab") -> int:
    """Press `key` until `matches(focused element)`; the number of presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press(key)
        now = focused(page)
        if now and matches(now):
            return presses
    raise AssertionError(f"not reached in {limit} presses of {key}; last {focused(page)}")


def tab_stops(page, limit: int = 400) -> list[dict]:
    """Every Tab stop of the page in order, from the top of the document round to it again."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    page.focus("body")
    stops: list[dict] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if now is None or (stops and now["key"] == stops[0]["key"]):
            return stops
        stops.append(now)
    raise AssertionError(f"Tab went round more than {limit} stops")


def shows_focus(stop: dict) -> bool:
    """A focus indicator of at least 3:1: the yellow-and-black pattern, or a solid outline with a black part."""
    style, width, colour = stop["outline"]
    outline = style not in ("none", "hidden") and width >= 2 and colour not in ("rgba(0, 0, 0, 0)", "transparent")
    black_bar = BLACK in stop["shadow"]
    return (stop["background"] == YELLOW and black_bar) or (outline and (colour == BLACK or black_bar))
