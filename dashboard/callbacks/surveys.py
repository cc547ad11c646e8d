"""Surveys callbacks: read the filters, ask data_access with the caller's scope, build, write the URL."""
from __future__ import annotations

import pandas as pd
from dash import Input, Output
from dash.exceptions import PreventUpdate

from data_access import surveys
from data_access.disclosure import SUPPRESSED
from data_access.queries import NotFound

from ..components import survey_figures as sf
from ..components.figures import empty_figure
from ..components.filters import parse_family_group, parse_range, query_string
from ..components.format import percent, plural, uk_date
from ..components.panel import panel_outputs, panel_values
from ..context import as_of, current_db, current_scope, updated_stamp
from ..datasets_surveys import chosen_survey, surveys_cumulative, surveys_funnel, surveys_rates, surveys_shortfall
from ..downloads import download_href
from .profile_links import link_graphs_to_profiles

PANELS = ("surveys-rates", "surveys-cumulative", "surveys-funnel", "surveys-shortfall")


def _exact(v) -> bool:
    return v is not None and v != SUPPRESSED and v == v


def rates_summary(rates, comps, target, named: bool) -> str:
    national = comps[comps.area == "Scotland"].iloc[0]
    head = (f"Scotland's response rate is {percent(national.rate)} against a target of {percent(target)}"
            if _exact(national.rate) else f"Scotland's response rate is suppressed (small numbers); target {percent(target)}")
    if rates.empty:
        return head + "."
    shown = rates[rates.rate.apply(_exact)]
    below = int(rates.below_target.astype(bool).sum())
    if not named:
        r = rates.iloc[0]
        return head + (f"; {r['name']} is at {percent(r.rate)}, {'below' if r.below_target else 'at or above'} target."
                       if _exact(r.rate) else f"; {r['name']}'s rate is suppressed (small numbers).")
    top, low = (shown.iloc[0], shown.iloc[-1]) if not shown.empty else (None, None)
    spread = f" Rates range from {percent(low.rate)} ({low['name']}) to {percent(top.rate)} ({top['name']})." if top is not None else ""
    return f"{head}; {below} of {len(rates)} authorities are below it.{spread}"


def cumulative_summary(daily, sv, day) -> str:
    if daily.empty:
        return "No responses to show yet."
    total = int(daily.cumulative.iloc[-1])
    need = daily.target_responses.iloc[0]
    when = daily.day.iloc[-1]
    tail = ""
    if need is not None and need == need:
        tail = (f", {percent(total / need) if need else 'n/a'} of the {int(need):,} the target needs"
                if total < need else f", above the {int(need):,} the target needs")
    status = "closed" if sv.closes_on < day else f"open until {uk_date(sv.closes_on)}"
    return f"{total:,} responses by {uk_date(when)}{tail}; the survey is {status}."


def shortfall_summary(rates) -> str:
    below = rates[rates.below_target.astype(bool)]
    if below.empty:
        return "Every authority shown has reached the target."
    needed = [int(v) for v in below.needed if _exact(v)]
    if len(below) == 1:
        r = below.iloc[0]
        return (f"{r['name']} is below target and needs {sum(needed):,} more responses to reach it." if needed
                else f"{r['name']} is below target.")
    return (f"{plural(len(below), 'authority', 'authorities')} below target need {sum(needed):,} more responses "
            f"between them to reach it" + (f"; the largest gap is {max(needed):,}." if needed else "."))


def funnel_summary(positions, p0) -> str:
    if p0 is None:
        return "Not enough data for a funnel plot."
    shown = [p for p in positions if p != "not shown"]
    if not shown:
        return f"The national rate is {percent(p0)}; no authority's point can be shown to this role."
    low = sum(p.startswith("below") for p in shown)
    low99 = sum(p == "below the 99.8% limit" for p in shown)
    high = sum(p.startswith("above") for p in shown)
    if len(shown) == 1:
        where = shown[0] if shown[0] != "within the limits" else "within the 95% limits"
        return (f"Against the national rate of {percent(p0)}, this authority is {where}"
                + (": it differs from Scotland by no more than chance." if shown[0] == "within the limits" else "."))
    return (f"Against the national rate of {percent(p0)}, {low} of {len(shown)} authorities fall below the 95% limit "
            f"({low99} below 99.8%) and {high} above it: the rest differ from Scotland by no more than chance.")


def update_surveys(review, survey, family_group, start, end):
    """Everything on the Surveys page for one review, survey, family group and date range."""
    if not review:
        raise PreventUpdate
    db, scope = current_db(), current_scope()
    day, _ = as_of()
    fg = parse_family_group(family_group) if scope.sees_named_authorities else None
    a, b = parse_range(start, end)
    stamp = updated_stamp()
    try:
        sv = chosen_survey(db, scope, review, survey, day)
    except NotFound:
        msg = "No survey to show for that review."
        out = [query_string(review=review)]
        for _ in PANELS:
            out += panel_values(msg, empty_figure(msg), pd.DataFrame(), stamp, "#")
        return out
    params = {"review": review, "survey": sv.code, "family_group": fg}
    link = {"review": review, "survey": sv.code, "family_group": fg}
    rates = surveys.survey_rates(db, scope, review, sv.code, as_of=day, family_group=fg)
    comps = surveys.survey_comparators(db, scope, review, sv.code, as_of=day)
    daily = surveys.cumulative_responses(db, scope, review, sv.code, as_of=day, family_group=fg)
    national = comps[comps.area == "Scotland"].rate.iloc[0]
    p0 = float(national) if _exact(national) else None
    sizes = [int(v) for v in rates.eligible if _exact(v)] or [0]
    limits = surveys.funnel_limits(p0, max(sizes), min(sizes) or 1) \
        if p0 is not None and scope.sees_any_authority else surveys.funnel_limits(None, 0)
    positions = [surveys.funnel_position(r, e, p0) if p0 is not None else "not shown"
                 for r, e in zip(rates.rate, rates.eligible)]
    need = daily.target_responses.iloc[0] if not daily.empty else None
    out = [query_string(review=review, survey=sv.code, family_group=fg, start=a, end=b)]
    out += panel_values(rates_summary(rates, comps, sv.target_rate, scope.sees_named_authorities),
                        sf.rates_bar(rates, comps, sv.target_rate), surveys_rates(db, scope, params, day), stamp,
                        download_href("surveys-rates", **link))
    out += panel_values(cumulative_summary(daily, sv, day),
                        sf.cumulative_line(daily, need, (a, b) if a and b else None, sv.opens_on, sv.closes_on),
                        surveys_cumulative(db, scope, params, day), stamp, download_href("surveys-cumulative", **link))
    if scope.sees_any_authority:
        funnel = sf.funnel_plot(rates, limits, p0, positions)
    else:
        funnel = empty_figure("The funnel plot compares authorities, so it is not part of the national view")
    out += panel_values(funnel_summary(positions, p0), funnel, surveys_funnel(db, scope, params, day), stamp,
                        download_href("surveys-funnel", **link))
    out += panel_values(shortfall_summary(rates), sf.shortfall_bar(rates), surveys_shortfall(db, scope, params, day),
                        stamp, download_href("surveys-shortfall", **link))
    return out


def survey_choices(review):
    """The survey list follows the review chosen."""
    from ..pages.surveys import survey_options

    options = survey_options(review)
    return options, (options[0]["value"] if options else None)


def register(app) -> None:
    outputs = [Output("surveys-url", "search")]
    for panel in PANELS:
        outputs += panel_outputs(panel)
    app.callback(outputs, Input("surveys-review", "value"), Input("surveys-survey", "value"),
                 Input("surveys-family-group", "value"), Input("surveys-start", "value"),
                 Input("surveys-end", "value"))(update_surveys)
    app.callback(Output("surveys-survey", "options"), Output("surveys-survey", "value"),
                 Input("surveys-review", "value"), prevent_initial_call=True)(survey_choices)
    link_graphs_to_profiles(app, "surveys-rates-graph", "surveys-funnel-graph", "surveys-shortfall-graph")
