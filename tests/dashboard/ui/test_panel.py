"""A chart's frame: a toolbar of one download and a reset, and a table that is one Tab stop."""
from __future__ import annotations

from dashboard.ui.panel import GRAPH_CONFIG, ONE_TAB_STOP, chart_panel, grid


def test_the_chart_toolbar_is_one_png_download_and_a_reset():
    assert GRAPH_CONFIG["modeBarButtons"] == [["toImage", "resetScale2d"]]
    assert GRAPH_CONFIG["toImageButtonOptions"]["format"] == "png"
    assert GRAPH_CONFIG["displaylogo"] is False


def test_a_table_is_one_tab_stop_with_no_pagination_controls():
    options = grid("t").dashGridOptions
    assert options["tabToNextCell"] == ONE_TAB_STOP["tabToNextCell"] == {"function": "false"}
    assert options["tabToNextHeader"] == {"function": "false"}
    assert not options.get("pagination")


def _find(node, **props):
    if getattr(node, "id", None) is not None or hasattr(node, "children"):
        if all(getattr(node, k, None) == v or (node.to_plotly_json()["props"].get(k) == v) for k, v in props.items()):
            yield node
        children = getattr(node, "children", None)
        for child in children if isinstance(children, list) else [children]:
            if hasattr(child, "to_plotly_json"):
                yield from _find(child, **props)


def test_a_chart_is_one_image_named_by_its_heading_and_described_by_its_summary():
    panel = chart_panel("p", "Response rates")
    image = next(_find(panel, role="img"))
    props = image.to_plotly_json()["props"]
    assert props["aria-labelledby"] == "p-heading" and props["aria-describedby"] == "p-summary"
    hidden = image.children
    assert hidden.to_plotly_json()["props"]["aria-hidden"] == "true"
    assert "p-graph" in repr(hidden)  # Plotly's SVG layers sit inside the hidden part
    graph = next(_find(panel, id="p-graph"))
    assert graph.config["displayModeBar"] is False  # no focusable toolbar inside a hidden image


def test_the_charts_own_controls_sit_outside_the_image():
    panel = chart_panel("p", "Response rates")
    buttons = [b.to_plotly_json()["props"] for b in _find(panel, type="button")]
    assert [b["children"] for b in buttons] == ["Download the chart (PNG)", "Reset the chart"]
    assert all(b["data-graph"] == "p-graph" for b in buttons)
    image = next(_find(panel, role="img"))
    assert "Download the chart" not in repr(image)


def test_until_its_figure_arrives_a_chart_holds_its_place_and_draws_nothing():
    graph = next(_find(chart_panel("p", "Response rates", height=360), id="p-graph"))
    assert graph.style == {"height": "360px"}
    layout = graph.figure["layout"]
    assert graph.figure["data"] == [] and layout["height"] == 360
    # Plotly draws this when its bundle wins the race with the figures: no axes, ticks or grid to lay out.
    assert layout["xaxis"] == {"visible": False} and layout["yaxis"] == {"visible": False}
