"""The tables behind the Surveys page's charts (and their CSV downloads)."""
from __future__ import annotations

import pandas as pd

from data_access import surveys
from data_access.queries import NotFound

from .components.filters import parse_family_group
from .components.format import percent
from .datasets import dataset


def chosen_survey(db, scope, review: str, survey: str | None, day) -> pd.Series:
    """The survey asked for, or the review's first (people surveys first)."""
    frame = surveys.review_surveys(db, scope, review, as_of=day)
    if frame.empty:
        raise NotFound(f"no surveys in '{review}'")
    pick = frame[frame.code == survey] if survey else frame.iloc[0:0]
    return (pick if not pick.empty else frame).iloc[0]


def _pct(v):
    return percent(v, 1) if v is not None else None


@dataset("surveys-rates")
def surveys_rates(db, scope, params, day):
    sv = chosen_survey(db, scope, params["review"], params.get("survey"), day)
    fg = parse_family_group(params.get("family_group"))
    rates = surveys.survey_rates(db, scope, params["review"], sv.code, as_of=day, family_group=fg)
    comps = surveys.survey_comparators(db, scope, params["review"], sv.code, as_of=day)
    rows = pd.DataFrame({
        "Area": rates.name, "GSS code": rates.gss_code, "Family group": rates.family_group,
        "Eligible": rates.eligible, "Responses": rates.responses, "Rate": [_pct(v) for v in rates.rate],
        "Target": [_pct(v) for v in rates.target_rate],
        "Against target": ["below" if b else "at or above" for b in rates.below_target],
    })
    comp = pd.DataFrame({
        "Area": comps.area, "GSS code": "", "Family group": comps.family_group.astype("Int64"),
        "Eligible": comps.eligible, "Responses": comps.responses, "Rate": [_pct(v) for v in comps.rate],
        "Target": [_pct(v) for v in comps.target_rate],
        "Against target": ["below" if r not in (None, "c") and r == r and r < t else "at or above"
                           for r, t in zip(comps.rate, comps.target_rate)],
    })
    return pd.concat([rows, comp], ignore_index=True)


@dataset("surveys-cumulative")
def surveys_cumulative(db, scope, params, day):
    sv = chosen_survey(db, scope, params["review"], params.get("survey"), day)
    fg = parse_family_group(params.get("family_group"))
    daily = surveys.cumulative_responses(db, scope, params["review"], sv.code, as_of=day, family_group=fg)
    return pd.DataFrame({"Day": daily.day, "Area": daily.area, "Responses that day (or since the previous row)":
                         daily.responses, "Responses so far": daily.cumulative,
                         "Responses the target needs": daily.target_responses})


@dataset("surveys-shortfall")
def surveys_shortfall(db, scope, params, day):
    sv = chosen_survey(db, scope, params["review"], params.get("survey"), day)
    fg = parse_family_group(params.get("family_group"))
    rates = surveys.survey_rates(db, scope, params["review"], sv.code, as_of=day, family_group=fg)
    below = rates[rates.below_target.astype(bool)]
    return pd.DataFrame({"Authority": below.name, "GSS code": below.gss_code, "Rate": [_pct(v) for v in below.rate],
                         "Target": [_pct(v) for v in below.target_rate], "Responses": below.responses,
                         "Eligible": below.eligible, "Responses still needed": below.needed})


@dataset("surveys-funnel")
def surveys_funnel(db, scope, params, day):
    sv = chosen_survey(db, scope, params["review"], params.get("survey"), day)
    fg = parse_family_group(params.get("family_group"))
    rates = surveys.survey_rates(db, scope, params["review"], sv.code, as_of=day, family_group=fg)
    comps = surveys.survey_comparators(db, scope, params["review"], sv.code, as_of=day)
    p0 = comps[comps.area == "Scotland"].rate.iloc[0]
    p0 = None if p0 in (None, "c") or p0 != p0 else float(p0)
    return pd.DataFrame({
        "Authority": rates.name, "GSS code": rates.gss_code, "Eligible": rates.eligible,
        "Rate": [_pct(v) for v in rates.rate],
        "Position against the limits": [surveys.funnel_position(r, e, p0) if p0 is not None else "not shown"
                                        for r, e in zip(rates.rate, rates.eligible)],
    })
