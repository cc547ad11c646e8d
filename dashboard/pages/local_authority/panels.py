"""An authority profile's panels: each chart's sentence, figure and table from one set of reads.

Every panel takes the caller's `Ask` (database, scope, as-of date) and the profile's filters (the
authority and the review); the chart's callback and its CSV download both call these functions.
A code the caller may not see, or a review the authority is not in, raises `NotFound`.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.context import Ask
from dashboard.ui.format import area_in_text, percent, plural, word_for
from dashboard.ui.panel import Panel, cached_panel
from data_access import profiles, queries
from data_access.disclosure import exact
from data_access.reference import possessive

from . import figures as pf


@dataclass(frozen=True)
class Filters:
    """The profile's filters: the authority (from the path) and the review (from the query string)."""

    review: str
    authority: str

    @classmethod
    def parse(cls, params: dict, scope=None) -> Filters:
        # The scope is applied by data_access, which refuses an authority the caller may not see.
        return cls(params.get("review") or "", params.get("authority") or "")



def _pct(v):
    return percent(v, 1) if v is not None else None


def authority_reviews(ask: Ask, code: str) -> pd.DataFrame:
    """The authority's name and family group, and the reviews it takes part in."""
    return profiles.authority_reviews(ask.db, ask.scope, code, as_of=ask.day)


def default_review(ask: Ask, slugs: set) -> str | None:
    """The most active review the authority takes part in."""
    frame = queries.reviews(ask.db, ask.scope, as_of=ask.day)
    return queries.most_active_review(frame[frame.slug.isin(slugs)])


def _name(ask: Ask, f: Filters) -> str:
    return authority_reviews(ask, f.authority).authority.iloc[0]


# -- sentences --------------------------------------------------------------------------------------
def milestones_summary(ms, name) -> str:
    if ms.empty:
        return f"{name} has no milestones of its own in this review."
    done = int((ms.status == "complete").sum())
    late = int((ms.status == "overdue").sum())
    return (f"{name} has completed {done} of {plural(len(ms), 'milestone')} and {late} {word_for(late, 'is')} "
            f"overdue; nationally {percent(ms.scotland_share.mean())} of authority milestones here are complete.")


def rates_summary(frame, name, what) -> str:
    own = frame[frame.area == name]
    if own.empty:
        return f"{name} has no {what} in this review."
    nat = frame[(frame.area == "Scotland") | frame.area.str.endswith(" surveyed")]  # the all-areas rows
    nat = nat.set_index(frame.columns[0])
    parts = []
    for r in own.itertuples():
        key = getattr(r, frame.columns[0])
        n = nat.rate.get(key) if "rate" in frame else nat.share.get(key)
        v = r.rate if "rate" in frame else r.share
        if exact(v) and exact(n):
            parts.append((key, float(v) - float(n)))
    if not parts:
        return f"{possessive(name)} figures are too small to show."
    key, diff = max(parts, key=lambda p: abs(p[1]))
    points = round(abs(diff) * 100)
    against = area_in_text(nat.area.get(key, "Scotland"))
    gap = (f"the same as {against}" if points == 0
           else f"{plural(points, 'percentage point')} {'above' if diff > 0 else 'below'} {against}")
    return (f"{plural(len(own), what[:-1] if what.endswith('s') else what)} shown; the largest difference from "
            f"{against} is {key}: {gap}.")


# -- panels -----------------------------------------------------------------------------------------
@cached_panel
def milestones_panel(ask: Ask, f: Filters) -> Panel:
    name = _name(ask, f)
    ms = profiles.profile_milestones(ask.db, ask.scope, f.authority, f.review, as_of=ask.day)
    table = pd.DataFrame({"Milestone": ms.milestone, "Due": ms.due_date, "Completed": ms.completed_on,
                          "Status": ms.status, "Days late": ms.days_late})
    if "fg_share" in ms:
        table["Family group complete"] = [_pct(v) for v in ms.fg_share]
    table["Scotland complete"] = [_pct(v) for v in ms.scotland_share]
    return Panel(milestones_summary(ms, name), pf.milestones_chart(ms, name), table)


@cached_panel
def surveys_panel(ask: Ask, f: Filters) -> Panel:
    name = _name(ask, f)
    sv = profiles.profile_surveys(ask.db, ask.scope, f.authority, f.review, as_of=ask.day)
    table = pd.DataFrame({"Survey": sv.survey, "Area": sv.area, "Eligible": sv.eligible, "Responses": sv.responses,
                          "Rate": [_pct(v) for v in sv.rate], "Target": [_pct(v) for v in sv.target_rate]})
    figure = pf.grouped_rates(sv, "survey", "rate", target_col="target_rate", axis_title="Response rate")
    return Panel(rates_summary(sv, name, "surveys"), figure, table)


@cached_panel
def themes_panel(ask: Ask, f: Filters) -> Panel:
    name = _name(ask, f)
    th = profiles.profile_themes(ask.db, ask.scope, f.authority, f.review, as_of=ask.day)
    table = pd.DataFrame({"Theme": th.theme, "Area": th.area, "Times coded": th.tally,
                          "Share of the area's coding": [_pct(v) for v in th.share]})
    figure = pf.grouped_rates(th, "theme", "share", axis_title="Share of the area's coding")
    return Panel(rates_summary(th, name, "themes"), figure, table)


# In the order the profile's callback fills them.
PANELS = {"profile-milestones": milestones_panel, "profile-surveys": surveys_panel, "profile-themes": themes_panel}
