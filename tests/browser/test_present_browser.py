"""Presenter mode in a real browser: keys that never surprise, the full-screen show, and slides whose
every piece of text is large enough and fits at 1920x1080 and 1280x720."""
from __future__ import annotations

import re

import pytest

from data_access.reference import AUTHORITIES

GOV = "social-work-governance"
SETTLED = """n => {
    if (document.querySelector('[data-dash-is-loading="true"]')) return false;
    const c = document.querySelector('#present-counter');
    if (!c || !c.innerText.startsWith('Slide ' + n + ' of')) return false;
    const box = document.querySelector('#present-graph-box');
    if (box && box.style.display !== 'none') {
        const plot = box.querySelector('.js-plotly-plot');
        return !!(plot && plot.querySelector('.main-svg') && (plot.data || []).length > 0);
    }
    return true;
}"""
# Every visible piece of text on the canvas (HTML and the charts' SVG): its size on screen and whether it
# lies inside the canvas.
MEASURE = """() => {
    const canvas = document.querySelector('#present-canvas');
    const box = canvas.getBoundingClientRect();
    const scale = box.width / 1920;
    const out = {small: [], outside: [], scale: scale, overflow: canvas.scrollHeight > canvas.clientHeight + 1
                 || canvas.scrollWidth > canvas.clientWidth + 1};
    const walker = document.createTreeWalker(canvas, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        const text = node.textContent.trim();
        const el = node.parentElement;
        if (!text || !el || el.closest('[style*="display: none"]') || el.closest('.modebar')) continue;
        const rects = Array.from(el.getClientRects()).filter(r => r.width > 0 && r.height > 0);
        if (!rects.length) continue;
        // SVG text may be scaled by its own transform (plotly shrinks some labels to fit): measure on screen.
        const ctm = el instanceof SVGElement && el.getScreenCTM ? el.getScreenCTM() : null;
        const size = parseFloat(getComputedStyle(el).fontSize) * (ctm ? Math.hypot(ctm.c, ctm.d) : scale);
        if (size < out.minimum || out.minimum === undefined) out.minimum = size;
        if (size < 24 * scale - 0.01) out.small.push(text.slice(0, 40) + ' ' + size.toFixed(1));
        for (const r of rects) {
            if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) {
                out.outside.push(text.slice(0, 40));
            }
        }
    }
    return out;
}"""


def settle(page, n: int) -> None:
    page.wait_for_function(SETTLED, arg=n)


def heading(page) -> str:
    return page.inner_text("#present-heading")


def slide_in_url(page) -> int:
    return int(re.search(r"[?&]slide=(\d+)", page.url).group(1))


@pytest.mark.browser
def test_keys_move_slides_from_the_review_list_and_fast_presses_are_never_lost(browser_page):
    page, base, problems = browser_page
    page.goto(f"{base}/present?review={GOV}")
    settle(page, 1)
    count = int(page.inner_text("#present-count"))
    assert count >= 7
    first = heading(page)
    history = page.evaluate("history.length")
    page.focus("#present-review")
    for _ in range(4):  # as fast as the keyboard sends them, no waiting between presses
        page.keyboard.press("ArrowRight")
    settle(page, 5)
    assert slide_in_url(page) == 5 and page.input_value("#present-review") == GOV
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("PageDown")
    page.keyboard.press("PageDown")
    settle(page, 6)
    page.keyboard.press("End")
    settle(page, count)
    assert heading(page) == "Publications and how to give feedback"
    page.keyboard.press("ArrowRight")  # past the end: nothing moves
    page.keyboard.press("Home")
    settle(page, 1)
    assert heading(page) == first and slide_in_url(page) == 1
    assert page.evaluate("history.length") == history  # the URL follows without piling up history

    page.focus("#present-stage")  # Space moves on from the slide itself...
    page.keyboard.press(" ")
    settle(page, 2)
    page.focus("#present-prev")  # ...but a focused button keeps Space for itself
    page.keyboard.press(" ")
    settle(page, 1)

    page.keyboard.press("End")
    settle(page, count)
    page.select_option("#present-review", "care-experienced-young-people")  # a new review starts at its title
    settle(page, 1)
    assert heading(page) == "Care experienced young people thematic review"
    assert "review=care-experienced-young-people" in page.url and slide_in_url(page) == 1
    for _ in range(int(page.inner_text("#present-count")) - 1):
        body = page.inner_text("#present-mode")
        assert [a.name for a in AUTHORITIES if a.name in body or a.gss_code in body] == []
        page.keyboard.press("ArrowRight")
        settle(page, slide_in_url(page))
    assert problems.real() == []


@pytest.mark.browser
def test_the_show_is_full_screen_with_the_page_beneath_inert_and_the_controls_on_focus(browser_page):
    page, base, problems = browser_page
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{base}/present?review={GOV}&slide=3")
    settle(page, 3)
    page.focus("#present-review")
    page.keyboard.press("f")  # F starts the show only from the slide, never while choosing or typing
    assert page.evaluate("document.querySelector('#present-mode').classList.contains('present-showing')") is False
    page.mouse.move(5, 5)
    page.focus("#present-stage")
    page.keyboard.press("f")
    page.wait_for_function("() => document.querySelector('#present-mode').classList.contains('present-showing')")
    state = page.evaluate("""() => ({
        full: document.fullscreenElement ? document.fullscreenElement.id : null,
        headerInert: !!document.querySelector('header').closest('[inert]'),
        chooserInert: !!document.querySelector('#present-review').closest('[inert]'),
        stageInert: !!document.querySelector('#present-stage').closest('[inert]'),
        stage: document.querySelector('#present-stage').getBoundingClientRect().toJSON()})""")
    assert state["headerInert"] and state["chooserInert"] and not state["stageInert"]
    page.wait_for_function("() => getComputedStyle(document.querySelector('.present-showbar')).opacity === '0'")
    assert state["stage"]["width"] == 1920 and state["stage"]["height"] == 1080
    assert state["full"] in ("present-stage", None)  # headless Chromium may refuse the real full screen
    page.keyboard.press("ArrowRight")
    settle(page, 4)
    page.keyboard.press("Tab")  # the control bar is reachable by keyboard, and shows itself
    assert page.evaluate("document.activeElement.closest('.present-showbar') !== null")
    page.wait_for_function("() => getComputedStyle(document.querySelector('.present-showbar')).opacity === '1'")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('#present-mode').classList.contains('present-showing')")
    # Out of the show the slide's own controls are usable again; the site's header, navigation and
    # footer stay out of the way while a slide is on screen (their Tab stops would sit under it).
    assert page.evaluate("document.querySelector('#present-review').closest('[inert]') === null")
    assert page.evaluate("document.querySelector('#present-stage').closest('[inert]') === null")
    assert page.evaluate("[...document.querySelectorAll('[inert]')].every(e => !e.closest('#present-mode'))")
    assert problems.real() == []


@pytest.mark.browser
@pytest.mark.parametrize("width,height,smallest", [(1920, 1080, 24), (1280, 720, 16)])
def test_every_slide_s_text_is_large_enough_and_nothing_overflows(browser_page, width, height, smallest):
    page, base, problems = browser_page
    page.set_viewport_size({"width": width, "height": height})
    for review in (GOV, "joint-inspections-children-at-risk"):
        page.goto(f"{base}/present?review={review}")
        settle(page, 1)
        page.focus("#present-stage")
        page.keyboard.press("f")
        page.wait_for_function("() => document.querySelector('#present-mode').classList.contains('present-showing')")
        count = int(page.inner_text("#present-count"))
        for n in range(1, count + 1):
            if n > 1:
                page.keyboard.press("ArrowRight")
            settle(page, n)
            page.wait_for_timeout(150)  # the chart's own resize after drawing
            found = page.evaluate(MEASURE)
            where = (review, n, heading(page))
            if found["outside"] or found["overflow"]:
                page.screenshot(path=f"/tmp/present-shot-{width}-{n}.png")
            assert found["small"] == [] and found["minimum"] >= smallest - 0.01, (where, found["small"][:5])
            assert found["outside"] == [] and not found["overflow"], (where, found["outside"][:5])
        page.keyboard.press("Escape")
    assert problems.real() == []


@pytest.mark.browser
def test_speaker_notes_follow_the_slide_shown_in_the_other_window(browser_page):
    page, base, problems = browser_page
    page.goto(f"{base}/present?review={GOV}&slide=2")
    settle(page, 2)
    notes = page.context.new_page()
    notes.goto(base + page.get_attribute("#present-notes-link", "href"))
    notes.wait_for_function("() => (document.querySelector('#notes-heading') || {innerText: ''}).innerText"
                            ".startsWith('Slide 2 of')")
    page.bring_to_front()
    page.focus("#present-stage")
    page.keyboard.press("ArrowRight")
    settle(page, 3)
    expected = f"Slide 3 of {page.inner_text('#present-count')}: {heading(page)}"
    notes.wait_for_function("h => (document.querySelector('#notes-heading') || {}).innerText === h", arg=expected)
    assert "slide=3" in notes.url
    assert page.inner_text("#present-summary") in notes.inner_text("#notes-body")
    assert problems.real() == []
