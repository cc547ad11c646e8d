"""A chart's frame: a toolbar of one download and a reset, and a table that is one Tab stop."""
from __future__ import annotations

from dashboard.ui.panel import GRAPH_CONFIG, ONE_TAB_STOP, grid


def test_the_chart_toolbar_is_one_png_download_and_a_reset():
    assert GRAPH_CONFIG["modeBarButtons"] == [["toImage", "resetScale2d"]]
    assert GRAPH_CONFIG["toImageButtonOptions"]["format"] == "png"
    assert GRAPH_CONFIG["displaylogo"] is False


def test_a_table_is_one_tab_stop_with_no_pagination_controls():
    options = grid("t").dashGridOptions
    assert options["tabToNextCell"] == ONE_TAB_STOP["tabToNextCell"] == {"function": "false"}
    assert options["tabToNextHeader"] == {"function": "false"}
    assert not options.get("pagination")
