"""Presenter mode in a real browser: the keyboard moves between slides, and every slide draws cleanly."""
from __future__ import annotations

import pytest
from test_pages_browser import wait_drawn

from dashboard.pages.present.panels import SLIDE_KEYS


def heading(page) -> str:
    return page.inner_text("#present-heading")


@pytest.mark.browser
def test_arrow_keys_move_through_every_slide_and_back(browser_page):
    page, base, problems = browser_page
    page.goto(f"{base}/present?review=social-work-governance")
    wait_drawn(page)
    page.wait_for_function("() => document.querySelector('#present-counter').innerText.startsWith('Slide 1 of')")
    seen = [heading(page)]
    for n in range(2, len(SLIDE_KEYS) + 1):
        before = heading(page)
        page.keyboard.press("ArrowRight")
        page.wait_for_url(lambda url, n=n: url.endswith(f"slide={n}"))
        page.wait_for_function("h => document.querySelector('#present-heading').innerText !== h", arg=before)
        wait_drawn(page)
        seen.append(heading(page))
    assert len(set(seen)) == len(SLIDE_KEYS)
    page.keyboard.press("ArrowRight")  # past the last slide: nothing moves
    page.wait_for_timeout(300)
    assert page.url.endswith(f"slide={len(SLIDE_KEYS)}")
    page.keyboard.press("ArrowLeft")
    page.wait_for_url(lambda url: url.endswith(f"slide={len(SLIDE_KEYS) - 1}"))
    assert problems.items == []
