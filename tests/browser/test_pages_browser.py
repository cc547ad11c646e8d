"""Every page in a real browser: each graph drawn, no console error or failed request; the map
opens an authority's profile; a filter change moves the URL and the charts, and survives a reload."""
from __future__ import annotations

import json

import pytest

from tools.bench.browser import PAGE_COMPLETE_JS

PAGES = ["/", "/timeline", "/surveys", "/themes", "/local-authorities/S12000036", "/about"]
ALL_DRAWN = """() => {
    const graphs = Array.from(document.querySelectorAll('.dash-graph'));
    if (document.querySelector('[data-dash-is-loading="true"]')) return false;
    return graphs.every(g => {
        const plot = g.querySelector('.js-plotly-plot');
        if (!plot || !plot.querySelector('.main-svg')) return false;
        const traces = (plot.data || []).length;
        const notes = ((plot.layout || {}).annotations || []).length;
        return traces + notes > 0;
    });
}"""


# Each chart whose drawn margins are wider than the margins it was sent, by more than a pixel or two.
GROWN_MARGINS_JS = """() => Array.from(document.querySelectorAll('.dash-graph .js-plotly-plot')).flatMap(gd => {
    const asked = (gd.layout && gd.layout.margin) || {}, drawn = gd._fullLayout._size;
    return ['l', 'r', 't', 'b'].filter(k => drawn[k] > (asked[k] || 0) + 2)
        .map(k => `${gd.closest('.dash-graph').id} ${k}: ${asked[k]} -> ${Math.round(drawn[k])}`);
})"""


# Each chart whose box is not the height it is drawn at (the figure's own: `register_panels`).
WRONG_HEIGHT_JS = """() => Array.from(document.querySelectorAll('.dash-graph')).flatMap(g => {
    const gd = g.querySelector('.js-plotly-plot'), wanted = Math.round(gd._fullLayout.height);
    const box = g.getBoundingClientRect().height;
    return Math.abs(box - wanted) > 1 ? [`${g.id}: box ${Math.round(box)} px, figure ${wanted} px`] : [];
})"""


def wait_drawn(page):
    """Every chart drawn, and every shown panel's sentence in: a chart's sentence and links follow its
    figure in a second answer (`register_panels`); the benchmark's "page complete" waits the same way."""
    page.wait_for_load_state("networkidle")
    page.wait_for_function(ALL_DRAWN)
    page.wait_for_function(PAGE_COMPLETE_JS)


def figure(page, graph_id: str) -> dict:
    return page.evaluate("""id => { const el = document.querySelector('#' + id + ' .js-plotly-plot');
        return {data: el.data.map(t => ({name: t.name, y: t.y, x: t.x})), layout: el.layout}; }""", graph_id)


@pytest.mark.browser
def test_every_page_draws_every_graph(browser_page):
    from plotly.offline import get_plotlyjs_version

    page, base, problems = browser_page
    asked = []
    page.on("request", lambda r: asked.append(r.url))
    for path in PAGES:
        page.goto(base + path)
        wait_drawn(page)
        graphs = page.locator(".dash-graph").count()
        if path != "/about":
            assert graphs >= 1, path
            summaries = page.locator(".panel-summary").all_inner_texts()
            assert summaries and all(s.strip() for s in summaries), (path, summaries)
            # Drawn with the dashboard's own partial bundle, fetched once a chart is shown.
            assert page.evaluate("() => window.Plotly.version") == get_plotlyjs_version()
        assert page.locator(".js-plotly-plot .main-svg").count() >= graphs
        # Each chart came with room for its labels, so plotly drew it once, not again with wider margins.
        grown = page.evaluate(GROWN_MARGINS_JS)
        assert grown == [], (path, grown)
        assert page.evaluate(WRONG_HEIGHT_JS) == [], path
        if path == "/":  # the matrix's 32 rows are taller than the first box: its box grew to the figure's height
            assert page.locator("#overview-matrix-graph").bounding_box()["height"] > 600
    assert problems.real() == []
    # The full plotly.js is never fetched.
    assert not [u for u in asked if "plotly.min.js" in u or "cdn.plot.ly" in u]


@pytest.mark.browser
def test_a_closed_table_asks_the_server_nothing_and_an_open_one_follows_the_filters(browser_page):
    page, base, problems = browser_page
    tables = []  # the table callbacks the page sends, by output
    page.on("request", lambda r: tables.append(json.loads(r.post_data)["output"])
            if "_dash-update-component" in r.url and "table-slot" in (r.post_data or "") else None)
    page.goto(base + "/themes?review=social-work-governance")
    wait_drawn(page)
    page.wait_for_timeout(300)
    assert tables == []  # eight charts drawn, eight tables closed: not one request for a table
    page.click("#themes-sources-details summary")
    page.wait_for_selector("#themes-sources-details .ag-root-wrapper")
    assert tables == ["themes-sources-table-slot.children"]
    first = page.locator("#themes-sources-details .ag-row").count()
    # While open, the table follows the filter: asked for again once the new links have come.
    with page.expect_request(lambda r: "_dash-update-component" in r.url and "table-slot" in (r.post_data or "")):
        page.select_option("#themes-family-group", "4")
    page.wait_for_url("**family_group=4**")
    page.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')")
    wait_drawn(page)
    assert tables == ["themes-sources-table-slot.children"] * 2, tables
    assert page.locator("#themes-sources-details .ag-row").count() >= 1 and first >= 1
    assert problems.real() == []


@pytest.mark.browser
def test_map_tile_opens_the_authority_profile(browser_page):
    page, base, problems = browser_page
    page.goto(base + "/")
    wait_drawn(page)
    tile = page.locator("#overview-map-graph .scatterlayer .point").nth(3)
    tile.scroll_into_view_if_needed()
    box = tile.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.wait_for_timeout(300)  # plotly picks the point under the pointer on hover
    page.mouse.click(x, y)
    page.wait_for_url(lambda url: "/local-authorities/S12" in url)
    wait_drawn(page)
    code = page.url.rsplit("/", 1)[-1].split("?")[0]
    assert page.locator("#profile-name").inner_text().strip()
    assert "milestones" in page.locator("#profile-milestones-summary").inner_text()
    assert code.startswith("S12")
    assert problems.real() == []


@pytest.mark.browser
def test_filter_change_moves_url_and_charts_and_survives_reload(browser_page):
    from data_access.reference import AUTHORITIES

    page, base, problems = browser_page
    page.goto(base + "/surveys?review=social-work-governance")
    wait_drawn(page)
    before = {y for t in figure(page, "surveys-rates-graph")["data"] if t["name"].endswith("target") for y in t["y"]}
    assert len(before) == 32
    page.select_option("#surveys-family-group", "4")
    page.wait_for_url("**family_group=4**")
    wait_drawn(page)
    group4 = {a.name for a in AUTHORITIES if a.family_group == 4}
    page.wait_for_function("""() => { const el = document.querySelector('#surveys-rates-graph .js-plotly-plot');
        return el && el.data.filter(t => (t.name || '').endsWith('target'))
                             .reduce((n, t) => n + t.y.length, 0) < 32; }""")
    after = {y for t in figure(page, "surveys-rates-graph")["data"] if t["name"].endswith("target") for y in t["y"]}
    assert after == group4
    assert "family_group=4" in page.url and "survey=staff-survey" in page.url
    page.reload()
    wait_drawn(page)
    assert page.locator("#surveys-family-group").input_value() == "4"
    again = {y for t in figure(page, "surveys-rates-graph")["data"] if t["name"].endswith("target") for y in t["y"]}
    assert again == group4
    # a date range on the timeline narrows its axis and goes into the URL
    page.goto(base + "/timeline?review=social-work-governance&start=2024-07-01&end=2024-12-31")
    wait_drawn(page)
    assert figure(page, "timeline-gantt-graph")["layout"]["xaxis"]["range"][0].startswith("2024-07-01")
    assert problems.real() == []
