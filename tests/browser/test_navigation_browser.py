"""What a leader reads from the Overview alone, and Back and Forward in a real browser: one history
entry per action, and the page and the address agree at every step."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from accounts import ROLE_USERS
from browser import browser_support
from sqlalchemy import text
from test_pages_browser import wait_drawn

from data_access.users import add_user

GOV = "social-work-governance"
CEYP = "care-experienced-young-people"


def _overdue_by_review(db, day="2024-10-01") -> dict[str, int]:
    """Overdue milestones per review, worked out without the dashboard: each authority's separately,
    and each milestone for the review as a whole once."""
    with db.engine.connect() as conn:
        rows = conn.execute(text("""
            SELECT r.slug, (SELECT COUNT(*) FROM authority_milestone am JOIN milestone m ON m.id = am.milestone_id
                            WHERE m.review_id = r.id AND am.due_date < :d
                            AND (am.completed_on IS NULL OR am.completed_on > :d))
                         + (SELECT COUNT(*) FROM milestone m WHERE m.review_id = r.id AND NOT m.per_authority
                            AND m.planned_date < :d AND (m.actual_date IS NULL OR m.actual_date > :d))
            FROM review r"""), {"d": day}).all()
    return dict(rows)


@pytest.mark.browser
def test_a_leader_names_the_review_with_the_most_overdue_milestones_from_the_overview_alone(browser_page, live_app):
    page, base, problems = browser_page
    app, _ = live_app
    db = app.server.extensions["oversight_db"]
    # A leader of their own, in a browser context of their own, signed in through the real form.
    name, _la = ROLE_USERS["leader"]
    add_user(db, name, "leader", browser_support.PASSWORD)
    leader = page.context.browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB").new_page()
    leader.set_default_timeout(20_000)
    leader.goto(f"{base}/login")
    leader.fill("input[name=username]", name)
    leader.fill("input[name=password]", browser_support.PASSWORD)
    leader.click("button[type=submit]")
    leader.wait_for_load_state("networkidle")
    leader.goto(base + "/")
    wait_drawn(leader)
    cards = leader.locator(".portfolio-card")
    assert cards.count() == 4
    read = {}
    for i in range(cards.count()):
        c = cards.nth(i)
        title = c.locator(".portfolio-title").inner_text().strip()
        overdue = c.locator(".portfolio-overdue").inner_text().strip()
        status = c.locator(".portfolio-status").inner_text().strip()
        count = 0 if overdue.startswith("No milestones") else int(overdue.split()[0])
        read[title] = (count, status, c.get_attribute("data-review"))
    top = max(n for n, _s, _slug in read.values())
    named = {read[t][2] for t in read if read[t][0] == top}  # every review of a tie is a right answer
    truth = _overdue_by_review(db)
    assert {slug: n for n, _s, slug in read.values()} == truth
    assert named == {slug for slug, n in truth.items() if n == max(truth.values())} and GOV in named
    assert all(read[t][1] in ("! At risk", "✖ Behind") for t in read if read[t][2] in named)
    assert problems.real() == []


def _query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def _agrees(page) -> str:
    """Which page is shown and that its filters are the ones the address names (or the defaults)."""
    path = urlsplit(page.url).path
    q = _query(page.url)
    if path.startswith("/local-authorities/"):
        page.wait_for_function("code => (document.querySelector('#profile-code') || true) && "
                               "document.querySelector('#profile-name') !== null", arg=path.rsplit("/", 1)[-1])
        return f"profile {path.rsplit('/', 1)[-1]}"
    if path == "/":
        page.wait_for_function("r => document.querySelector('#overview-review') && "
                               "(r === null || document.querySelector('#overview-review').value === r)",
                               arg=q.get("review"))
        return f"overview {page.input_value('#overview-review')}"
    if path == "/timeline":
        page.wait_for_function("""q => { const r = document.querySelector('#timeline-review');
            const s = document.querySelector('#timeline-start');
            return r && s && (q.review === undefined || r.value === q.review) && s.value === (q.start || ''); }""",
                               arg=q)
        return f"timeline {page.input_value('#timeline-review')} from {page.input_value('#timeline-start')}"
    if path == "/surveys":
        page.wait_for_function("""q => { const r = document.querySelector('#surveys-review');
            const s = document.querySelector('#surveys-survey');
            return r && s && (q.review === undefined || r.value === q.review)
                   && (q.survey === undefined || s.value === q.survey); }""", arg=q)
        return f"surveys {page.input_value('#surveys-review')} {page.input_value('#surveys-survey')}"
    if path == "/themes":
        page.wait_for_function("""q => { const r = document.querySelector('#themes-review');
            const g = document.querySelector('#themes-family-group');
            return r && g && (q.review === undefined || r.value === q.review)
                   && g.value === (q.family_group || 'all'); }""", arg=q)
        return f"themes {page.input_value('#themes-review')} group {page.input_value('#themes-family-group')}"
    raise AssertionError(f"unexpected page {page.url}")


@pytest.mark.browser
def test_back_and_forward_restore_the_page_and_filters_the_address_names(browser_page):
    page, base, problems = browser_page
    page.goto(base + f"/?review={GOV}")
    wait_drawn(page)
    steps = [(page.url, _agrees(page))]
    length = page.evaluate("history.length")

    def act(action):
        nonlocal length
        before = page.url
        action()
        page.wait_for_function("u => location.href !== u", arg=before)
        wait_drawn(page)
        steps.append((page.url, _agrees(page)))
        length += 1
        assert page.evaluate("history.length") == length, f"one history entry for the step to {page.url}"

    act(lambda: page.select_option("#overview-review", CEYP))
    assert _query(page.url) == {"review": CEYP}

    def drill_down():
        tile = page.locator("#overview-map-graph .scatterlayer .point").nth(3)
        tile.scroll_into_view_if_needed()
        box = tile.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(x, y)
        page.wait_for_timeout(300)  # plotly picks the point under the pointer on hover
        page.mouse.click(x, y)
        page.wait_for_url("**/local-authorities/S12*")

    act(drill_down)
    act(lambda: page.goto(base + f"/timeline?review={GOV}"))
    act(lambda: (page.fill("#timeline-start", "2024-09-01"), page.press("#timeline-start", "Enter")))
    assert _query(page.url) == {"review": GOV, "start": "2024-09-01"}
    act(lambda: page.goto(base + f"/surveys?review={GOV}"))
    act(lambda: page.select_option("#surveys-review", CEYP))
    assert _query(page.url)["review"] == CEYP
    act(lambda: page.goto(base + f"/themes?review={GOV}"))
    act(lambda: page.select_option("#themes-family-group", "3"))
    assert _query(page.url)["family_group"] == "3"

    # Back through every step, then Forward again: the same addresses, the same pages, no new entries.
    for url, shown in reversed(steps[:-1]):
        page.go_back()
        page.wait_for_url(url)
        wait_drawn(page)
        assert _agrees(page) == shown, url
    for url, shown in steps[1:]:
        page.go_forward()
        page.wait_for_url(url)
        wait_drawn(page)
        assert _agrees(page) == shown, url
    assert page.evaluate("history.length") == length
    assert problems.real() == []
