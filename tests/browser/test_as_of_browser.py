"""The header's as-of control in a real browser: a deep link replays the programme to its day, picking
a day moves the address and every chart, and the review's About panel and Publications page draw."""
from __future__ import annotations

import pytest
from test_pages_browser import wait_drawn

GOV = "social-work-governance"


def summary(page, panel: str) -> str:
    return page.locator(f"#{panel}-summary").inner_text()


@pytest.mark.browser
def test_a_deep_link_replays_the_programme_to_its_day(browser_page):
    page, base, problems = browser_page
    page.goto(f"{base}/surveys?review={GOV}&as_of=2024-10-05")
    wait_drawn(page)
    page.wait_for_function("() => document.querySelector('#as-of-date').innerText === '5 October 2024'")
    assert page.locator("#as-of-picker").input_value() == "05/10/2024"
    assert summary(page, "surveys-cumulative").startswith("3,935 responses by 4 October 2024")
    assert "as_of=2024-10-05" in page.locator("#surveys-cumulative-download").get_attribute("href")
    assert problems.real() == []


@pytest.mark.browser
def test_picking_a_day_moves_the_address_and_the_charts(browser_page):
    page, base, problems = browser_page
    page.goto(f"{base}/surveys?review={GOV}")
    wait_drawn(page)
    assert summary(page, "surveys-cumulative").startswith("3,629 responses by 1 October 2024")
    page.fill("#as-of-picker", "05/10/2024")
    page.press("#as-of-picker", "Enter")
    page.wait_for_url("**as_of=2024-10-05**")
    page.wait_for_function("() => (document.querySelector('#surveys-cumulative-summary') || {}).innerText"
                           "?.startsWith('3,935 responses')")
    assert page.locator("#as-of-date").inner_text() == "5 October 2024"
    assert f"review={GOV}" in page.url
    # About this review follows the review shown, with its ZIP of all the review's data.
    assert "Social work governance" in page.locator("#about-review").inner_text()
    assert f"/download/review/{GOV}.zip" in page.locator("#about-review-download").get_attribute("href")
    page.goto(f"{base}/publications")
    wait_drawn(page)
    assert summary(page, "publications-list").startswith("8 publications")
    assert problems.real() == []
