"""The Surveys page's panels: each chart's sentence, figure and table from one set of reads.

Every panel takes the caller's `Ask` (database, scope, as-of date) and the page's filters; the
chart's callback, its CSV download and the presenter's survey slide all call these functions.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from dashboard.context import Ask
from dashboard.ui.figures import empty_figure
from dashboard.ui.filters import parse_family_group, parse_range
from dashboard.ui.format import area_in_text, join_names, percent, plural, uk_date, word_for
from dashboard.ui.panel import Panel, cached_panel
from data_access import surveys
from data_access.disclosure import exact
from data_access.queries import NotFound
from data_access.reference import possessive

from . import figures as sf


@dataclass(frozen=True)
class Filters:
    """The Surveys page's filters, as they travel in the query string."""

    review: str
    survey: str | None = None
    family_group: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None

    @classmethod
    def parse(cls, params: dict, scope=None) -> Filters:
        fg = parse_family_group(params.get("family_group"))
        if scope is not None and not scope.sees_named_authorities:
            fg = None
        a, b = parse_range(params.get("start"), params.get("end"))
        return cls(params.get("review") or "", params.get("survey") or None, fg, a, b)

    @property
    def window(self) -> tuple[dt.date | None, dt.date | None] | None:
        """The dates asked for; either end alone narrows the chart too (the other is the data's own)."""
        return (self.start, self.end) if self.start or self.end else None



def _pct(v):
    return percent(v, 1) if v is not None else None


def chosen_survey(ask: Ask, review: str, survey: str | None) -> pd.Series:
    """The survey asked for, or the review's first (people surveys first)."""
    frame = surveys.review_surveys(ask.db, ask.scope, review, as_of=ask.day)
    if frame.empty:
        raise NotFound(f"no surveys in '{review}'")
    pick = frame[frame.code == survey] if survey else frame.iloc[0:0]
    return (pick if not pick.empty else frame).iloc[0]


def survey_options(ask: Ask, review: str | None) -> list[dict]:
    if not review:
        return []
    try:
        frame = surveys.review_surveys(ask.db, ask.scope, review, as_of=ask.day)
    except NotFound:
        return []
    return [{"label": f"{n} ({a})", "value": c} for c, n, a in zip(frame.code, frame.name, frame.audience)]


def _rates(ask: Ask, f: Filters, code: str) -> pd.DataFrame:
    return surveys.survey_rates(ask.db, ask.scope, f.review, code, as_of=ask.day, family_group=f.family_group)


def _comparators(ask: Ask, f: Filters, code: str) -> pd.DataFrame:
    return surveys.survey_comparators(ask.db, ask.scope, f.review, code, as_of=ask.day)


def _national(comps: pd.DataFrame) -> pd.Series:
    """The all-areas row: Scotland, or the areas the survey ran in."""
    return comps[comps.national.astype(bool)].iloc[0]


def _national_rate(comps: pd.DataFrame) -> float | None:
    national = _national(comps).rate
    return float(national) if exact(national) else None


def across(label: str) -> str:
    """'Scotland', or 'the four areas surveyed' inside a sentence."""
    return area_in_text(label)


def _named_with_rate(frame: pd.DataFrame, value) -> str:
    """Every authority at exactly this rate, so a tie names them all."""
    return join_names(list(frame[frame.rate.astype(float) == float(value)]["name"]))


# -- sentences --------------------------------------------------------------------------------------
def rates_summary(rates, comps, target, named: bool) -> str:
    national = _national(comps)
    where = across(national.area)
    head = (f"Across {where} the response rate is {percent(national.rate)} against a target of {percent(target)}"
            + (" (▼ below target)" if national.rate < target else "") if exact(national.rate)
            else f"Across {where} the response rate is suppressed (small numbers); target {percent(target)}")
    if rates.empty:
        return head + "."
    shown = rates[rates.rate.apply(exact)]
    below = int(rates.below_target.astype(bool).sum())
    if not named:
        r = rates.iloc[0]
        return head + (f"; {r['name']} is at {percent(r.rate)}, {'below' if r.below_target else 'at or above'} target."
                       if exact(r.rate) else f"; {possessive(r['name'])} rate is suppressed (small numbers).")
    below_text = ("no authority shown is below it" if below == 0
                  else f"{below} of {plural(len(rates), 'authority')} {word_for(below, 'is')} below it")
    if shown.empty:
        return f"{head}; {below_text}."
    top, low = shown.rate.astype(float).max(), shown.rate.astype(float).min()
    if len(shown) == 1:
        spread = f" Only {possessive(shown.iloc[0]['name'])} rate can be shown: {percent(top)}."
    elif percent(top) == percent(low):
        spread = f" Every authority shown has a rate of {percent(top)}."
    else:
        spread = (f" Rates range from {percent(low)} ({_named_with_rate(shown, low)}) to {percent(top)} "
                  f"({_named_with_rate(shown, top)}).")
    return f"{head}; {below_text}.{spread}"


def cumulative_summary(daily, sv, day) -> str:
    if daily.empty:
        return "No responses to show yet."
    total = int(daily.cumulative.iloc[-1])
    need = daily.target_responses.iloc[0]
    when = daily.day.iloc[-1]
    tail = ""
    if need is not None and need == need:
        tail = (f", {percent(total / need) if need else 'n/a'} of the {int(need):,} the target needs"
                if total < need else f", at or above the {int(need):,} the target needs")
    status = "closed" if sv.closes_on < day else f"open until {uk_date(sv.closes_on)}"
    return f"{plural(total, 'response')} by {uk_date(when)}{tail}; the survey is {status}."


def shortfall_summary(rates, comps=None) -> str:
    below = rates[rates.below_target.astype(bool)]
    if rates.empty:
        # No authority is shown to this role: say where the areas stand together, never "every authority".
        if comps is None or comps.empty:
            return "No authority's figures are shown to your role."
        national = _national(comps)
        if not exact(national.rate):
            return ("No authority's figures are shown to your role; the rate across "
                    f"{across(national.area)} is suppressed.")
        state = "below" if national.rate < national.target_rate else "at or above"
        needed = f": {plural(int(national.needed), 'more response')} needed" if state == "below" and exact(
            national.needed) else ""
        return (f"No authority's figures are shown to your role; across {across(national.area)} the rate is "
                f"{state} the target{needed}.")
    if below.empty:
        return ("Every authority shown has reached the target." if len(rates) > 1
                else f"{rates.iloc[0]['name']} has reached the target.")
    needed = [int(v) for v in below.needed if exact(v)]
    if len(below) == 1:
        r = below.iloc[0]
        return (f"{r['name']} is below target and needs {plural(sum(needed), 'more response')} to reach it."
                if needed else f"{r['name']} is below target.")
    return (f"{plural(len(below), 'authority')} below target need {plural(sum(needed), 'more response')} "
            f"between them to reach it" + (f"; the largest gap is {max(needed):,}." if needed else "."))


def funnel_summary(positions, p0, label: str = "Scotland") -> str:
    if p0 is None:
        return "Not enough data for a funnel plot."
    where = across(label)
    shown = [p for p in positions if p != "not shown"]
    if not shown:
        return f"The rate across {where} is {percent(p0)}; no authority's point can be shown to this role."
    low = sum(p.startswith("below") for p in shown)
    low99 = sum(p == "below the 99.8% limit" for p in shown)
    high = sum(p.startswith("above") for p in shown)
    if len(shown) == 1:
        spot = shown[0] if shown[0] != "within the limits" else "within the 95% limits"
        return (f"Against the rate across {where} of {percent(p0)}, this authority is {spot}"
                + (f": it differs from {where} by no more than chance." if shown[0] == "within the limits" else "."))
    return (f"Against the rate across {where} of {percent(p0)}, {low} of {plural(len(shown), 'authority')} "
            f"{word_for(low, 'falls')} below the 95% limit ({low99} below 99.8%) and {high} above it: the rest "
            f"differ from {where} by no more than chance.")


# -- panels -----------------------------------------------------------------------------------------
@cached_panel
def rates_panel(ask: Ask, f: Filters) -> Panel:
    sv = chosen_survey(ask, f.review, f.survey)
    rates, comps = _rates(ask, f, sv.code), _comparators(ask, f, sv.code)
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
        "Against target": ["below" if exact(r) and r < t else "at or above"
                           for r, t in zip(comps.rate, comps.target_rate)],
    })
    return Panel(rates_summary(rates, comps, sv.target_rate, ask.scope.sees_named_authorities),
                 sf.rates_bar(rates, comps, sv.target_rate), pd.concat([rows, comp], ignore_index=True))


@cached_panel
def cumulative_panel(ask: Ask, f: Filters, *, window: bool = True) -> Panel:
    sv = chosen_survey(ask, f.review, f.survey)
    daily = surveys.cumulative_responses(ask.db, ask.scope, f.review, sv.code, as_of=ask.day,
                                         family_group=f.family_group)
    need = daily.target_responses.iloc[0] if not daily.empty else None
    table = pd.DataFrame({"Day": daily.day, "Area": daily.area, "Responses that day (or since the previous row)":
                          daily.responses, "Responses so far": daily.cumulative,
                          "Responses the target needs": daily.target_responses})
    figure = sf.cumulative_line(daily, need, f.window if window else None, sv.opens_on, sv.closes_on)
    return Panel(cumulative_summary(daily, sv, ask.day), figure, table)


@cached_panel
def funnel_panel(ask: Ask, f: Filters) -> Panel:
    sv = chosen_survey(ask, f.review, f.survey)
    rates, comps = _rates(ask, f, sv.code), _comparators(ask, f, sv.code)
    p0 = _national_rate(comps)
    positions = [surveys.funnel_position(r, e, p0) if p0 is not None else "not shown"
                 for r, e in zip(rates.rate, rates.eligible)]
    table = pd.DataFrame({"Authority": rates.name, "GSS code": rates.gss_code, "Eligible": rates.eligible,
                          "Rate": [_pct(v) for v in rates.rate], "Position against the limits": positions})
    if not ask.scope.sees_any_authority:
        figure = empty_figure("The funnel plot compares authorities, so it is not part of the national view")
    else:
        sizes = [int(v) for v in rates.eligible if exact(v)] or [0]
        limits = (surveys.funnel_limits(p0, max(sizes), min(sizes) or 1) if p0 is not None
                  else surveys.funnel_limits(None, 0))
        figure = sf.funnel_plot(rates, limits, p0, positions, _national(comps).area)
    return Panel(funnel_summary(positions, p0, _national(comps).area), figure, table)


@cached_panel
def shortfall_panel(ask: Ask, f: Filters) -> Panel:
    sv = chosen_survey(ask, f.review, f.survey)
    rates, comps = _rates(ask, f, sv.code), _comparators(ask, f, sv.code)
    below = rates[rates.below_target.astype(bool)]
    table = pd.DataFrame({"Authority": below.name, "GSS code": below.gss_code, "Rate": [_pct(v) for v in below.rate],
                          "Target": [_pct(v) for v in below.target_rate], "Responses": below.responses,
                          "Eligible": below.eligible, "Responses still needed": below.needed})
    return Panel(shortfall_summary(rates, comps), sf.shortfall_bar(rates), table)


PANELS = {"surveys-rates": rates_panel, "surveys-cumulative": cumulative_panel, "surveys-funnel": funnel_panel,
          "surveys-shortfall": shortfall_panel}
