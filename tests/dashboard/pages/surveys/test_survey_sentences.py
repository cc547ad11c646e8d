"""The Surveys page's sentences: one, none, many, ties, suppression, and the areas a survey ran in."""
import datetime as dt
from types import SimpleNamespace

import pandas as pd

from dashboard.pages.surveys import panels as sp
from data_access.disclosure import SUPPRESSED
from data_access.surveys import all_areas_label


def comps(rate, target=0.4, area="Scotland", needed=120):
    return pd.DataFrame({"area": [area], "national": [True], "family_group": [None], "rate": [rate],
                         "target_rate": [target], "needed": [needed]})


def rates(*rows):
    low = [r != SUPPRESSED and r < 0.4 for _, r in rows]
    return pd.DataFrame([{"name": n, "gss_code": f"S1200{i:04d}", "rate": r, "target_rate": 0.4,
                          "below_target": low[i], "needed": 3 if low[i] else 0}
                         for i, (n, r) in enumerate(rows)],
                        columns=["name", "gss_code", "rate", "target_rate", "below_target", "needed"])


def test_a_survey_of_some_areas_is_never_called_scotland():
    assert all_areas_label(32) == "Scotland"
    assert all_areas_label(4) == "Four areas surveyed"
    assert all_areas_label(1) == "One area surveyed"
    text = sp.rates_summary(rates(), comps(0.37, area="Four areas surveyed"), 0.4, named=False)
    assert text == "Across the four areas surveyed the response rate is 37% against a target of 40% (▼ below target)."
    assert "Scotland" not in text


def test_one_authority_shown_is_not_a_range_from_itself_to_itself():
    text = sp.rates_summary(rates(("North Lanarkshire", 0.44)), comps(0.41), 0.4, named=True)
    assert "range" not in text
    assert "no authority shown is below it" in text and "Only North Lanarkshire's rate can be shown: 44%." in text


def test_a_tie_names_every_authority_at_the_top_and_bottom():
    text = sp.rates_summary(rates(("Fife", 0.5), ("Angus", 0.5), ("Moray", 0.3)), comps(0.41), 0.4, named=True)
    assert "Rates range from 30% (Moray) to 50% (Fife and Angus)." in text
    assert "1 of 3 authorities is below it" in text
    same = sp.rates_summary(rates(("Fife", 0.5), ("Angus", 0.5)), comps(0.5), 0.4, named=True)
    assert "Every authority shown has a rate of 50%." in same and "range" not in same


def test_suppressed_rates_are_left_out_of_the_range():
    text = sp.rates_summary(rates(("Fife", SUPPRESSED), ("Angus", 0.5), ("Moray", 0.45)), comps(SUPPRESSED), 0.4,
                            named=True)
    assert text.startswith("Across Scotland the response rate is suppressed (small numbers); target 40%")
    assert "from 45% (Moray) to 50% (Angus)" in text


def test_the_presenter_is_not_told_every_authority_reached_the_target_while_scotland_is_below():
    text = sp.shortfall_summary(rates(), comps(0.37))
    assert "Every authority" not in text
    assert text == ("No authority's figures are shown to your role; across Scotland the rate is below the target: "
                    "120 more responses needed.")
    assert sp.shortfall_summary(rates(), comps(0.45)).endswith("across Scotland the rate is at or above the target.")
    assert sp.shortfall_summary(rates(), comps(SUPPRESSED)).endswith("the rate across Scotland is suppressed.")


def test_shortfall_for_one_none_and_many():
    assert sp.shortfall_summary(rates(("Fife", 0.5))) == "Fife has reached the target."
    assert sp.shortfall_summary(rates(("Fife", 0.5), ("Angus", 0.6))) == "Every authority shown has reached the target."
    one = rates(("Fife", 0.3)).assign(needed=[1])
    assert sp.shortfall_summary(one) == "Fife is below target and needs 1 more response to reach it."
    many = sp.shortfall_summary(rates(("Fife", 0.3), ("Angus", 0.2)))
    assert many == "2 authorities below target need 6 more responses between them to reach it; the largest gap is 3."


def test_cumulative_and_funnel_sentences_agree_in_number():
    sv = SimpleNamespace(closes_on=dt.date(2024, 10, 4))
    daily = pd.DataFrame({"day": [dt.date(2024, 9, 1)], "cumulative": [1], "target_responses": [None]})
    assert sp.cumulative_summary(daily, sv, dt.date(2024, 10, 1)).startswith("1 response by 1 September 2024")
    assert sp.funnel_summary(["below the 95% limit", "within the limits"], 0.4).startswith(
        "Against the rate across Scotland of 40%, 1 of 2 authorities falls below the 95% limit")
    assert "the four areas surveyed" in sp.funnel_summary(["within the limits"], 0.4, "Four areas surveyed")
