"""Timeline callbacks: read the filters, ask data_access with the caller's scope, build, write the URL."""
from __future__ import annotations

import pandas as pd
from dash import Input, Output
from dash.exceptions import PreventUpdate

from data_access import timeline
from data_access.queries import NotFound

from ..ui import timeline_figures as tf
from ..ui.figures import empty_figure
from ..ui.filters import parse_range, query_string
from ..ui.format import plural, uk_date
from ..ui.panel import panel_outputs, panel_values
from ..context import as_of, current_db, current_scope, updated_stamp
from ..datasets_timeline import timeline_gantt, timeline_portfolio, timeline_programme
from ..downloads import download_href
from dashboard.profile_links import link_graphs_to_profiles

PANELS = ("timeline-gantt", "timeline-portfolio", "timeline-programme")


def gantt_summary(g, day) -> str:
    phases = g[g.kind == "phase"]
    miles = g[g.kind == "milestone"]
    late_now = miles[miles.status == tf.RUNNING_LATE]
    done = miles[miles.actual_end.notna()]
    late_done = done[done.slippage_days > 0]
    current = phases[(phases.planned_start <= day) & (phases.planned_end >= day)]
    where = f"On {uk_date(day)} the review is in {current.iloc[-1]['name']}" if not current.empty else (
        f"On {uk_date(day)} no phase is planned to be running")
    worst = ""
    slipped = miles.dropna(subset=["slippage_days"])
    slipped = slipped[slipped.slippage_days > 0]
    if not slipped.empty:
        w = slipped.sort_values("slippage_days", ascending=False).iloc[0]
        worst = f"; the largest slippage is {plural(int(w.slippage_days), 'day')} ({w['name']})"
    return (f"{where}: {len(done)} of {len(miles)} milestones are complete ({len(late_done)} of them late) and "
            f"{len(late_now)} {'is' if len(late_now) == 1 else 'are'} overdue{worst}.")


def portfolio_summary(p, day) -> str:
    if p.empty:
        return "No reviews to show."
    reviews = p.slug.nunique()
    running = p[(p.planned_start <= day) & (p.planned_end >= day)].slug.nunique()
    late = p[p.status.isin([tf.RUNNING_LATE, tf.DONE_LATE])]
    return (f"{plural(reviews, 'review')}, {running} with a phase planned to be running on {uk_date(day)}; "
            f"{plural(len(late), 'phase')} finished or running later than planned.")


def programme_summary(named, counts) -> str:
    if named is not None:
        if named.empty:
            return "No joint inspections to show."
        per = named.drop_duplicates("gss_code")
        published = int((per.current_stage == "Report published").sum())
        late = named[named.status.isin([tf.RUNNING_LATE, tf.DONE_LATE])].gss_code.nunique()
        return (f"{plural(len(per), 'partnership')} in the programme: {published} with the report published, "
                f"{len(per) - published} still under way; {late} had at least one stage finish late.")
    total = int(counts.partnerships.sum())
    busiest = counts.sort_values("partnerships", ascending=False).iloc[0]
    return (f"{plural(total, 'partnership')} in the programme; the most ({int(busiest.partnerships)}) "
            f"stand at: {busiest.stage}.")


def update_timeline(review, start, end):
    """Everything on the Timeline for one review and date range, scoped to the caller."""
    if not review:
        raise PreventUpdate
    db, scope = current_db(), current_scope()
    day, _ = as_of()
    a, b = parse_range(start, end)
    rng = (a, b) if a and b else None
    params = {"review": review}
    stamp = updated_stamp()
    search = query_string(review=review, start=a, end=b)
    dl = {"start": a.isoformat() if a else None, "end": b.isoformat() if b else None}
    try:
        g = timeline.review_gantt(db, scope, review, as_of=day)
    except NotFound:
        msg = "That review is not available."
        out = [search]
        for panel in PANELS:
            out += panel_values(msg, empty_figure(msg), pd.DataFrame(), stamp, "#")
        return out
    portfolio = timeline.portfolio_phases(db, scope, as_of=day)
    if scope.sees_named_authorities:
        named = timeline.joint_programme(db, scope, as_of=day)
        prog_fig = tf.programme_gantt(named, day, rng)
        counts = None
    else:
        named = None
        counts = timeline.joint_stage_counts(db, scope, as_of=day)
        prog_fig = tf.stage_counts_bar(counts)
    out = [search]
    out += panel_values(gantt_summary(g, day), tf.review_gantt(g, day, rng), timeline_gantt(db, scope, params, day),
                        stamp, download_href("timeline-gantt", review=review, **dl))
    out += panel_values(portfolio_summary(portfolio, day), tf.portfolio_gantt(portfolio, day, rng),
                        timeline_portfolio(db, scope, params, day), stamp, download_href("timeline-portfolio", **dl))
    out += panel_values(programme_summary(named, counts), prog_fig, timeline_programme(db, scope, params, day),
                        stamp, download_href("timeline-programme", **dl))
    return out


def register(app) -> None:
    outputs = [Output("timeline-url", "search")]
    for panel in PANELS:
        outputs += panel_outputs(panel)
    app.callback(outputs, Input("timeline-review", "value"), Input("timeline-start", "value"),
                 Input("timeline-end", "value"))(update_timeline)
    link_graphs_to_profiles(app, "timeline-programme-graph")
