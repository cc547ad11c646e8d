"""Margins reserved for a chart's labels, so the browser draws it once: wide enough for what it shows,
never narrower than the chart asked for, and nothing guessed where plotly chooses the labels."""
from __future__ import annotations

from dashboard.ui.figures import base_layout
from dashboard.ui.margins import reserve_margins, text_width


def bars(labels, **axis):
    return {"data": [{"type": "bar", "orientation": "h", "x": [1] * len(labels), "y": labels}],
            "layout": base_layout(yaxis={"automargin": True, **axis})}


def test_longer_labels_take_a_wider_margin_and_a_wider_font_wider_still():
    short = reserve_margins(bars(["Fife", "Angus"]))["layout"]["margin"]["l"]
    long = reserve_margins(bars(["Fife", "Na h-Eileanan Siar and Dumfries and Galloway"]))["layout"]["margin"]["l"]
    assert 10 < short < long
    assert long >= text_width("Na h-Eileanan Siar and Dumfries and Galloway", 14)
    assert text_width("WWW", 14) > text_width("iii", 14) > 0
    bigger = {**bars(["Fife", "Angus"]), "layout": {**bars([])["layout"], "font": {"size": 28},
                                                    "yaxis": {"automargin": True}}}
    assert reserve_margins(bigger)["layout"]["margin"]["l"] > short


def test_a_wrapped_label_is_as_wide_as_its_longest_line_and_rotation_swaps_width_for_height():
    one = reserve_margins(bars(["Oversight of statutory duties and<br>their reporting"]))["layout"]["margin"]["l"]
    assert one < reserve_margins(bars(["Oversight of statutory duties and their reporting"]))["layout"]["margin"]["l"]
    flat = {"data": [{"type": "heatmap", "z": [[1, 2]], "x": ["Dumfries and Galloway", "Fife"], "y": ["A"],
                      "showscale": False}],
            "layout": base_layout(xaxis={"automargin": True, "side": "top"})}
    turned = {**flat, "layout": {**flat["layout"], "xaxis": {"automargin": True, "side": "top", "tickangle": -45}}}
    assert reserve_margins(turned)["layout"]["margin"]["t"] > reserve_margins(flat)["layout"]["margin"]["t"] > 10


def test_a_margin_is_never_made_narrower_and_numbers_on_a_vertical_axis_are_left_to_plotly():
    wide = bars(["Fife"])
    wide["layout"]["margin"] = {"l": 400, "r": 10, "t": 10, "b": 10}
    assert reserve_margins(wide)["layout"]["margin"]["l"] == 400
    numbers = {"data": [{"type": "scatter", "x": ["a", "b"], "y": [1000, 2000]}],
               "layout": base_layout(yaxis={"automargin": True})}
    assert reserve_margins(numbers) == numbers
    plain = bars(["Fife"])
    plain["layout"]["yaxis"] = {}
    assert reserve_margins(plain) == plain  # no automargin: nothing to reserve


def test_a_colour_bar_and_a_legend_above_take_their_room():
    heat = {"data": [{"type": "heatmap", "z": [[1, 12345]], "x": ["a", "b"], "y": ["c"],
                      "colorbar": {"title": {"text": "Times coded"}, "thickness": 12}}],
            "layout": base_layout()}
    assert reserve_margins(heat)["layout"]["margin"]["r"] >= 12 + text_width("12,345", 14)
    legend = {"data": [{"type": "bar", "name": "Strength", "x": [1], "y": ["a"]},
                       {"type": "bar", "name": "Area for improvement", "x": [1], "y": ["a"]}],
              "layout": base_layout(legend={"orientation": "h", "y": 1.02, "yanchor": "bottom"},
                                    yaxis={"automargin": True})}
    assert reserve_margins(legend)["layout"]["margin"]["t"] >= 14 * 1.6
    assert reserve_margins({"data": [], "layout": base_layout()}) == {"data": [], "layout": base_layout()}
