"""The Timeline page's panels: each chart's sentence, figure and table from one set of reads.

Every panel takes the caller's `Ask` (database, scope, as-of date) and the page's filters; the
chart's callback, its CSV download and the presenter's timeline slide all call these functions.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from dashboard.context import Ask
from dashboard.ui.filters import parse_range
from dashboard.ui.format import join_names, plural, uk_date, word_for
from dashboard.ui.panel import Panel, cached_panel
from data_access import programme, timeline
from data_access.timeline import DONE_LATE, RUNNING_LATE

from . import figures as tf


@dataclass(frozen=True)
class Filters:
    """The Timeline page's filters, as they travel in the query string."""

    review: str
    start: dt.date | None = None
    end: dt.date | None = None

    @classmethod
    def parse(cls, params: dict, scope=None) -> Filters:
        a, b = parse_range(params.get("start"), params.get("end"))
        return cls(params.get("review") or "", a, b)

    @property
    def window(self) -> tuple[dt.date | None, dt.date | None] | None:
        """The dates asked for; either end alone narrows the chart too (the other is the data's own)."""
        return (self.start, self.end) if self.start or self.end else None


# -- sentences --------------------------------------------------------------------------------------
def gantt_summary(g, day) -> str:
    phases = g[g.kind == "phase"]
    miles = g[g.kind == "milestone"]
    late_now = miles[miles.status == RUNNING_LATE]
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
    return (f"{where}: {len(done)} of {plural(len(miles), 'milestone')} {word_for(len(done), 'is')} complete "
            f"({len(late_done)} of them late) and {len(late_now)} {word_for(len(late_now), 'is')} overdue{worst}.")


def portfolio_summary(p, day) -> str:
    if p.empty:
        return "No reviews to show."
    reviews = p.slug.nunique()
    running = p[(p.planned_start <= day) & (p.planned_end >= day)].slug.nunique()
    late = p[p.status.isin([RUNNING_LATE, DONE_LATE])]
    return (f"{plural(reviews, 'review')}, {running} with a phase planned to be running on {uk_date(day)}; "
            f"{plural(len(late), 'phase')} finished or running later than planned.")


def programme_summary(named, counts) -> str:
    if named is not None:
        if named.empty:
            return "No joint inspections to show."
        per = named.drop_duplicates("gss_code")
        published = int((per.current_stage == "Report published").sum())
        late = named[named.status.isin([RUNNING_LATE, DONE_LATE])].gss_code.nunique()
        return (f"{plural(len(per), 'partnership')} in the programme: {published} with the report published, "
                f"{len(per) - published} still under way; {late} had at least one stage finish late.")
    total = int(counts.partnerships.sum())
    if total == 0:
        return "No joint inspections to show."
    most = int(counts.partnerships.max())
    stages = join_names(list(counts[counts.partnerships == most].stage))
    return (f"{plural(total, 'partnership')} in the programme; the most at any one stage is {most}: "
            f"{stages}.")


# -- panels -----------------------------------------------------------------------------------------
def rolling_panel(ask: Ask, f: Filters) -> Panel:
    """A rolling programme on its own Timeline: each partnership's stages (named roles), or how many
    partnerships stand at each stage; one row per partnership in the table, never one review's milestones."""
    counts = programme.programme_stage_counts(ask.db, ask.scope, f.review, as_of=ask.day)
    total = int(counts.partnerships.sum())
    published = int(counts[counts.stage == programme.PUBLISHED].partnerships.sum())
    summary = (f"A rolling programme: {plural(total, 'partnership')}, each inspection about 22 weeks from "
               f"notification to report; {published} {word_for(published, 'has')} a published report.")
    if not ask.scope.sees_any_authority:
        table = pd.DataFrame({"Stage": counts.stage, "Partnerships": counts.partnerships})
        return Panel(summary, tf.stage_counts_bar(counts), table)
    rows = programme.programme_partnerships(ask.db, ask.scope, f.review, as_of=ask.day)
    stages = timeline.joint_programme(ask.db, ask.scope, as_of=ask.day)
    stages = stages[stages.review == f.review]
    table = pd.DataFrame({"Partnership": rows.authority, "GSS code": rows.gss_code, "Stage": rows.stage,
                          "Notified": rows.notified, "Weeks gone": rows.weeks_elapsed,
                          "Weeks planned": rows.weeks_planned, "Report published": rows.report_published})
    if not ask.scope.sees_named_authorities and not rows.empty:
        r = rows.iloc[0]
        summary += f" {r.authority}: {r.stage}, week {r.weeks_elapsed} of about {r.weeks_planned}."
    return Panel(summary, tf.programme_gantt(stages, ask.day, f.window), table)


@cached_panel
def gantt_panel(ask: Ask, f: Filters) -> Panel:
    """One review's phases and milestones; raises NotFound for a review outside the caller's scope."""
    g = timeline.review_gantt(ask.db, ask.scope, f.review, as_of=ask.day)
    if programme.is_rolling_programme(ask.db, ask.scope, f.review, as_of=ask.day):
        return rolling_panel(ask, f)
    table = pd.DataFrame({
        "Kind": g.kind, "Name": g.name, "Phase": g.phase, "Planned start": g.planned_start,
        "Planned end or due": g.planned_end, "Actual start": g.actual_start, "Actual end": g.actual_end,
        "Status": g.status, "Slippage (days)": g.slippage_days.astype("Int64"),
        "Slippage": [tf.slip_text(v) for v in g.slippage_days],
    })
    return Panel(gantt_summary(g, ask.day), tf.review_gantt(g, ask.day, f.window), table)


@cached_panel
def portfolio_panel(ask: Ask, f: Filters) -> Panel:
    """Every review the caller may see, its phases on one axis."""
    p = timeline.portfolio_phases(ask.db, ask.scope, as_of=ask.day)
    table = pd.DataFrame({
        "Review": p.title, "Phase": p.name, "Planned start": p.planned_start, "Planned end": p.planned_end,
        "Actual start": p.actual_start, "Actual end": p.actual_end, "Status": p.status,
        "Slippage (days)": p.slippage_days.astype("Int64"),
    })
    return Panel(portfolio_summary(p, ask.day), tf.portfolio_gantt(p, ask.day, f.window), table)


@cached_panel
def programme_panel(ask: Ask, f: Filters) -> Panel:
    """The joint inspection programme: named partnerships for roles that may see them, otherwise
    unnamed counts of partnerships by stage."""
    if not ask.scope.sees_named_authorities:
        counts = timeline.joint_stage_counts(ask.db, ask.scope, as_of=ask.day)
        table = pd.DataFrame({"Stage": counts.stage, "Partnerships": counts.partnerships})
        return Panel(programme_summary(None, counts), tf.stage_counts_bar(counts), table)
    p = timeline.joint_programme(ask.db, ask.scope, as_of=ask.day)
    table = pd.DataFrame({
        "Partnership": p.authority, "GSS code": p.gss_code, "Stands at": p.current_stage, "Stage": p.stage,
        "Planned start": p.planned_start, "Due": p.planned_end, "Completed": p.actual_end, "Status": p.status,
        "Slippage (days)": p.slippage_days.astype("Int64"),
    })
    return Panel(programme_summary(p, None), tf.programme_gantt(p, ask.day, f.window), table)


PANELS = {"timeline-gantt": gantt_panel, "timeline-portfolio": portfolio_panel, "timeline-programme": programme_panel}
