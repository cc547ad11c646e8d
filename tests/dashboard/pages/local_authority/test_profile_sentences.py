"""An authority profile's sentences: one, none, percentage points, and the areas a survey ran in."""
import pandas as pd

from dashboard.pages.local_authority import panels as lp


def frame(own, national, area="Scotland"):
    return pd.DataFrame({"survey": ["Staff survey", "Staff survey"], "area": ["Fife", area], "rate": [own, national]})


def test_one_percentage_point_is_singular_and_none_is_the_same():
    assert lp.rates_summary(frame(0.41, 0.40), "Fife", "surveys").endswith(
        "the largest difference from Scotland is Staff survey: 1 percentage point above Scotland.")
    assert lp.rates_summary(frame(0.402, 0.40), "Fife", "surveys").endswith("Staff survey: the same as Scotland.")
    assert lp.rates_summary(frame(0.30, 0.40), "Fife", "surveys").endswith("10 percentage points below Scotland.")


def test_a_survey_of_four_areas_is_compared_with_the_four_areas_not_scotland():
    text = lp.rates_summary(frame(0.30, 0.40, "Four areas surveyed"), "Fife", "surveys")
    assert "Scotland" not in text and "below the four areas surveyed" in text


def test_milestones_for_one_and_none():
    ms = pd.DataFrame({"status": ["overdue"], "scotland_share": [0.5]})
    assert lp.milestones_summary(ms, "Fife").startswith("Fife has completed 0 of 1 milestone and 1 is overdue;")
    assert lp.milestones_summary(ms.iloc[0:0], "Fife") == "Fife has no milestones of its own in this review."
