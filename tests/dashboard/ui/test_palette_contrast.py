"""WCAG contrast of every colour pair the charts draw: text on fills at least 4.5:1, a state's fill or
mark at least 3:1 against the white page, and every state named by a symbol or word as well as colour."""
from __future__ import annotations

import pandas as pd
import pytest

from dashboard.pages.surveys import figures as survey_figures
from dashboard.pages.themes import figures as theme_figures
from dashboard.pages.timeline import figures as timeline_figures
from dashboard.ui import palette
from dashboard.ui.palette import BLACK_TEXT, WHITE, contrast_ratio, text_colour, text_on

STATE_FILLS = {
    **{f"status {k}": v["colour"] for k, v in palette.STATUS_STYLE.items()},
    **{f"progress {k}": v["colour"] for k, v in palette.PROGRESS_STYLE.items() if k != "not taking part"},
    **{f"timeline {k}": v["colour"] for k, v in timeline_figures.SPAN_STYLE.items()},
    "surveys at target": survey_figures.AT_TARGET["colour"],
    "surveys below target": survey_figures.BELOW_TARGET["colour"],
    "themes strength": theme_figures.STRENGTH["colour"], "themes improvement": theme_figures.IMPROVEMENT["colour"],
}


def test_the_ratio_is_computed_as_wcag_defines_it():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the well-known AA grey
    assert contrast_ratio("#28A197", "#ffffff") == pytest.approx(3.17, abs=0.01)  # the audit's turquoise


@pytest.mark.parametrize("name,fill", sorted(STATE_FILLS.items()))
def test_text_written_on_each_fill_meets_4_5_to_1(name, fill):
    assert contrast_ratio(text_on(fill), fill) >= 4.5, (name, fill, text_on(fill))


@pytest.mark.parametrize("name,fill", sorted(STATE_FILLS.items()))
def test_each_state_colour_stands_out_from_the_page_at_3_to_1(name, fill):
    assert contrast_ratio(fill, WHITE) >= 3.0, (name, fill)


@pytest.mark.parametrize("style", ["STATUS_STYLE", "PROGRESS_STYLE"])
def test_white_text_on_the_overview_tiles_and_matrix_meets_4_5_to_1(style):
    # The Overview's tile map and status matrix write white text on these fills (the one light fill,
    # "not taking part", is written in dark grey).
    for key, value in getattr(palette, style).items():
        if key == "not taking part":
            assert contrast_ratio(palette.DARK_GREY, value["colour"]) >= 4.5
        else:
            assert contrast_ratio(WHITE, value["colour"]) >= 4.5, (key, value["colour"])


def test_labels_in_a_line_colour_fall_back_to_black_where_the_colour_is_too_light_for_text():
    for colour in palette.CATEGORICAL + [palette.DEEP_TURQUOISE, palette.DEEP_ORANGE, palette.MID_GREY]:
        assert contrast_ratio(text_colour(colour), WHITE) >= 4.5, colour
    assert text_colour(palette.TURQUOISE) == BLACK_TEXT and text_colour(palette.DARK_BLUE) == palette.DARK_BLUE


def test_every_heat_map_stop_has_a_text_colour_that_meets_4_5_to_1():
    for _, fill in theme_figures.SEQUENTIAL:
        assert contrast_ratio(text_on(fill), fill) >= 4.5, fill


def test_every_state_has_a_symbol_or_word_besides_its_colour():
    for style in (palette.STATUS_STYLE, palette.PROGRESS_STYLE):
        for key, value in style.items():
            assert value.get("symbol") or value.get("label"), key
    assert all(v["symbol"] for v in timeline_figures.SPAN_STYLE.values())


def test_the_funnel_plots_95_and_998_categories_differ_by_marker_shape_not_colour_only():
    rates = pd.DataFrame({"name": ["A", "B", "C", "D"], "gss_code": ["1", "2", "3", "4"],
                          "eligible": [100, 200, 300, 400], "rate": [0.1, 0.2, 0.8, 0.9]})
    limits = pd.DataFrame({"eligible": [100, 400], **{f"{s} {p}": [0.3, 0.3] if s == "lower" else [0.6, 0.6]
                                                      for s in ("lower", "upper") for p in ("95%", "99.8%")}})
    positions = ["below the 99.8% limit", "below the 95% limit", "above the 95% limit", "above the 99.8% limit"]
    fig = survey_figures.funnel_plot(rates, limits, 0.45, positions)
    symbols = {t["name"]: t["marker"]["symbol"] for t in fig["data"] if t.get("mode") == "markers"}
    assert len(set(symbols.values())) == 4, symbols
