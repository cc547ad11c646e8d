"""Keyboard only, no mouse: an authority's profile is reached from the Overview, Surveys and Themes pages;
the filters, a table and a CSV download work from the keyboard; each page's Tab stops stay under a budget
and every stop shows a focus indicator of at least 3:1."""
from __future__ import annotations

import pytest
from browser_support import TABLES_LOADED_JS, open_every_table
from keyboard import focused, shows_focus, tab_stops, tab_until
from test_pages_browser import wait_drawn

# Tab stops from the top of the page round to it again, for an inspector, with every table open. A chart
# adds two (its PNG download and reset), its "Table of these numbers" one, the table one and the CSV link
# one; the skip link, header, navigation and footer about 16. Measured on 2 December 2026: / 30,
# /timeline 32, /surveys 39, /themes 59, a profile 30, /authorities 46, /about 17, /accessibility 16.
# Measured with every table open (inspector): / 39, /timeline 42, /surveys 51, /themes 79, a profile 35,
# /authorities 48, /about 19, /accessibility 18. Each chart panel costs its table (one stop), "About this
# data", and the CSV and XLSX links; the budget leaves about a tenth for growth.
TAB_BUDGET = {"/": 43, "/timeline": 46, "/surveys": 56, "/themes": 86, "/local-authorities/S12000036": 38,
              "/authorities": 52, "/about": 22, "/accessibility": 22}


def open_tables(page):
    open_every_table(page)
    page.wait_for_timeout(300)  # the grids settle (focus styles, column widths) before Tab is counted


def _follow_a_table_row_to_a_profile(page, panel_id: str):
    """From the top of the page: Tab to the panel's table, open it, step into it and follow a link."""
    page.focus("body")
    tab_until(page, lambda f: f["tag"] == "SUMMARY" and f["key"] and page.evaluate(
        "id => document.activeElement.closest('#' + id) !== null", panel_id))
    page.keyboard.press("Enter")  # opens the table
    page.wait_for_function("id => { const h = document.querySelector('#' + id + ' .ag-header-cell');"
                           " return h && h.offsetWidth > 0; }", arg=panel_id)  # laid out once shown
    page.keyboard.press("Tab")
    assert focused(page)["inGrid"], focused(page)  # the table's header: the table's one Tab stop
    for _ in range(40):  # down the first column until a row names an authority this role may open
        page.keyboard.press("ArrowDown")
        if page.evaluate("() => !!document.activeElement.querySelector('a.profile-link')"):
            break
    else:
        raise AssertionError(f"no linked row in {panel_id}")
    name = page.evaluate("() => document.activeElement.innerText.trim()")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/local-authorities/S12" in url)
    page.wait_for_function("name => (document.querySelector('#profile-name') || {}).innerText === name", arg=name)
    return name


@pytest.mark.browser
def test_keyboard_reaches_a_profile_from_overview_surveys_and_themes(browser_page):
    page, base, problems = browser_page
    for path, panel in (("/", "overview-map"), ("/surveys", "surveys-rates"), ("/themes", "themes-authorities")):
        page.goto(base + path)
        wait_drawn(page)
        name = _follow_a_table_row_to_a_profile(page, panel)
        wait_drawn(page)
        assert name in page.title(), page.title()

    # And from any page, the authority list in the navigation.
    page.goto(base + "/themes")
    wait_drawn(page)
    page.focus("body")
    tab_until(page, lambda f: f["text"] == "Authorities" and "nav-link" in f["cls"])
    page.keyboard.press("Enter")
    page.wait_for_url(base + "/authorities")
    page.wait_for_function("() => document.activeElement.tagName === 'H1'")  # focus moved to the new heading
    assert page.evaluate("() => document.querySelector('a.nav-link[aria-current=page]').innerText") == "Authorities"
    tab_until(page, lambda f: f["href"].startswith("/local-authorities/S12"))
    target = focused(page)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: target["href"] in url)
    page.wait_for_function("() => !!document.querySelector('#profile-name')")
    assert page.inner_text("#profile-name") == target["text"]
    wait_drawn(page)
    assert problems.real() == []


@pytest.mark.browser
def test_surveys_filters_and_a_csv_download_work_from_the_keyboard(browser_page):
    page, base, problems = browser_page
    page.goto(base + "/surveys")
    wait_drawn(page)
    page.focus("body")
    tab_until(page, lambda f: f["id"] == "surveys-family-group")
    page.keyboard.press("ArrowDown")  # a closed select steps to the next option
    page.wait_for_url(lambda url: "family_group=1" in url)
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "surveys-start"
    page.keyboard.type("01/06/2024")
    page.keyboard.press("Tab")  # the field applies when focus leaves it
    assert focused(page)["id"] == "surveys-end"
    page.wait_for_url(lambda url: "start=2024-06-01" in url)
    assert page.input_value("#surveys-start") == "01/06/2024"
    wait_drawn(page)
    tab_until(page, lambda f: f["id"] == "surveys-rates-download")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".csv")
    assert problems.real() == []


@pytest.mark.browser
def test_every_page_stays_under_its_tab_budget_and_shows_focus_at_each_stop(browser_page):
    page, base, problems = browser_page
    counted = {}
    for path in TAB_BUDGET:
        page.goto(base + path)
        if path not in ("/about", "/accessibility", "/authorities"):
            wait_drawn(page)
        open_tables(page)
        stops = tab_stops(page)
        counted[path] = len(stops)
        unseen = [s["key"] for s in stops if not shows_focus(s)]
        assert unseen == [], (path, unseen[:5])
        grids = page.locator(".ag-root-wrapper").count()
        assert sum(1 for s in stops if s["inGrid"]) <= grids, path  # each table is at most one stop
    assert {p: n for p, n in counted.items() if n > TAB_BUDGET[p]} == {}
    assert problems.real() == []


@pytest.mark.browser
def test_on_a_presenters_slide_every_tab_stop_is_on_the_slide(browser_page):
    page, base, problems = browser_page
    page.goto(base + "/present")
    wait_drawn(page)
    stops = tab_stops(page)
    assert len(stops) >= 4  # the slide's own controls: review, leave, previous, next at least
    assert [s["key"] for s in stops if not s["inSlide"]] == []
    assert page.evaluate("() => document.querySelector('.site-header').hasAttribute('inert')")
    headings = [page.inner_text("#present-heading")]
    for _ in range(2):  # three slides, presented with the arrow key
        page.focus("body")
        page.keyboard.press("ArrowRight")
        page.wait_for_function("seen => !seen.includes(document.querySelector('#present-heading').innerText)",
                               arg=headings)
        headings.append(page.inner_text("#present-heading"))
    assert len(set(headings)) == 3 and all(headings)
    page.goto(base + "/")
    wait_drawn(page)
    assert not page.evaluate("() => document.querySelector('.site-header').hasAttribute('inert')")
    assert problems.real() == []


@pytest.mark.browser
def test_below_576_pixels_the_charts_give_way_to_their_open_tables(browser_page):
    page, base, problems = browser_page
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(base + "/surveys")
    wait_drawn(page)
    page.wait_for_function("() => [...document.querySelectorAll('details.panel-table')].every(d => d.open)")
    page.wait_for_function(TABLES_LOADED_JS)  # each table's rows came by themselves
    assert page.locator("details.panel-table .ag-root-wrapper").count() == \
        page.locator("details.panel-table").count()
    assert page.evaluate("() => [...document.querySelectorAll('.chart-image')].every(c => c.offsetWidth === 0)")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320  # no sideways scrolling
    assert problems.real() == []


@pytest.mark.browser
def test_enter_on_a_publications_link_cell_opens_its_review(browser_page):
    page, base, problems = browser_page
    page.goto(base + "/publications")
    page.wait_for_selector("#publications-list-details")
    page.focus("body")
    tab_until(page, lambda f: f["tag"] == "SUMMARY" and page.evaluate(
        "() => document.activeElement.closest('#publications-list') !== null"))
    page.keyboard.press("Enter")  # opens the list's table
    page.wait_for_function("() => { const h = document.querySelector('#publications-list .ag-header-cell');"
                           " return h && h.offsetWidth > 0; }")
    page.keyboard.press("Tab")
    assert focused(page)["inGrid"], focused(page)
    page.keyboard.press("ArrowDown")  # the first publication
    for _ in range(8):  # along the row to its link
        if page.evaluate("() => !!document.activeElement.querySelector('a[href]')"):
            break
        page.keyboard.press("ArrowRight")
    else:
        raise AssertionError("no link in the first publication's row")
    href = page.evaluate("() => document.activeElement.querySelector('a[href]').getAttribute('href')")
    assert href.startswith("/?review="), href
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: href in url)
    assert problems.real() == []
