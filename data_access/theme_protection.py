"""One disclosure plan per review for every theme tally a protected role can obtain, solved together.

A co-ordinator or presenter reads the same tallies through several tables: the frequency table
(strengths, areas for improvement and their total per theme), each theme's sub-themes, the theme x
evidence source matrix, the saturation series (tallies per week), a co-ordinator's own authority
beside Scotland, and the overview's grand total. They share totals, so protecting each table on its
own lets one be differenced against another. Here they are one system of linear lines
(data_access.disclosure.LinkedCounts) over the whole review to the as-of date, the only period
these roles are offered, and every read hides exactly the entries this plan hides.

Keys of the entries (published unless marked):
    ("theme", top, "strength" | "improvement" | "total")   frequency, questions, theme totals
    ("polarity", p)                                         unpublished column total
    ("grand",)                                              every tally of the review to date
    ("sub", sub_code, "strength" | "improvement" | "total") one theme's sub-themes
    ("direct", top, p)                                      unpublished: tallies coded on a top theme itself
    ("source", top, source), ("source total", source)       theme x evidence source; the total unpublished
    ("week", week_start)                                    the saturation series
    ("own", top), ("own total",), ("rest", top)             a co-ordinator's authority; "rest" unpublished
"""
from __future__ import annotations

import datetime as dt
import functools
import logging
from dataclasses import dataclass

from sqlalchemy import case, func, literal, select

from . import models as m
from .disclosure import LinkedCounts, needs_control
from .scope import Scope

log = logging.getLogger(__name__)

POLARITIES = ("strength", "improvement")
Parent = m.Theme.__table__.alias("plan_parent")


@dataclass(frozen=True)
class ThemePlan:
    """Which entries a protected role is shown as suppressed."""

    hidden: frozenset

    def hides(self, key: tuple) -> bool:
        return key in self.hidden


def applied_window(scope: Scope, start, end):
    """The date window a read uses: any for roles that see exact counts; for protected roles the one
    period they are offered (everything coded up to the as-of date), whatever they asked for."""
    if needs_control(scope):
        return None, None
    return start, end


def theme_plan(session, scope: Scope, rid: int, as_of: dt.date) -> ThemePlan | None:
    """The plan for one review as of a date; None for roles that see exact counts."""
    if not needs_control(scope):
        return None
    t, th, la = m.ThemeTally, m.Theme, m.LocalAuthority
    top = func.coalesce(Parent.c.name, th.name)
    own = case((la.gss_code == scope.authority, t.tally), else_=0) if scope.authority else literal(0)
    base = (select(top.label("top"), th.code, th.parent_id.is_(None).label("is_top"), t.polarity, t.source,
                   t.week_start, func.sum(t.tally).label("tally"), func.sum(own).label("own"))
            .select_from(t).join(th, th.id == t.theme_id).outerjoin(Parent, Parent.c.id == th.parent_id)
            .join(la, la.id == t.authority_id)
            .where(th.review_id == rid, t.week_start <= as_of))
    rows = tuple(sorted((r.top, r.code, bool(r.is_top), r.polarity, r.source, r.week_start, int(r.tally or 0),
                         int(r.own or 0))
                        for r in session.execute(base.group_by(top, th.code, th.parent_id, t.polarity, t.source,
                                                               t.week_start))))
    # Floors the role can read elsewhere: combinations first coded each week (saturation) and the
    # authority x source combinations each theme was coded in (co-occurrence diagonal).
    first = (select(t.theme_id, t.authority_id, t.source, func.min(t.week_start).label("week")).select_from(t)
             .join(th, th.id == t.theme_id)
             .where(th.review_id == rid, t.week_start <= as_of, t.tally > 0)
             .group_by(t.theme_id, t.authority_id, t.source).subquery())
    weekly_floor = tuple(sorted((w, int(n)) for w, n in session.execute(
        select(first.c.week, func.count()).group_by(first.c.week))))
    coded = (select(top.label("top"), t.authority_id, t.source).select_from(t).join(th, th.id == t.theme_id)
             .outerjoin(Parent, Parent.c.id == th.parent_id)
             .where(th.review_id == rid, t.week_start <= as_of, t.tally > 0).distinct().subquery())
    theme_floor = tuple(sorted((name, int(n)) for name, n in session.execute(
        select(coded.c.top, func.count()).group_by(coded.c.top))))
    return ThemePlan(_solve(rows, weekly_floor, theme_floor, scope.role == "coordinator", scope.k))


def _add(values: dict, key: tuple, v: int) -> None:
    values[key] = values.get(key, 0) + v


@functools.lru_cache(maxsize=64)
def _solve(rows: tuple, weekly_floor: tuple, theme_floor: tuple, with_own: bool, k: int) -> frozenset:
    """Hidden entries for these facts; memoized on the facts themselves, so never stale."""
    values: dict = {("grand",): 0}
    tops, subs_of, sources, weeks = {}, {}, {}, {}
    direct: set = set()
    for top, code, is_top, polarity, source, week, tally, own in rows:
        tops[top] = subs_of.setdefault(top, {})
        sources[source] = weeks[week] = True
        _add(values, ("theme", top, polarity), tally)
        _add(values, ("theme", top, "total"), tally)
        _add(values, ("polarity", polarity), tally)
        _add(values, ("grand",), tally)
        if is_top:
            _add(values, ("direct", top, polarity), tally)
            direct.add(top)
        else:
            subs_of[top][code] = True
            _add(values, ("sub", code, polarity), tally)
            _add(values, ("sub", code, "total"), tally)
        _add(values, ("source", top, source), tally)
        _add(values, ("source total", source), tally)
        _add(values, ("week", week), tally)
        if with_own:
            _add(values, ("own", top), own)
            _add(values, ("own total",), own)
    lines = []
    for top, subs in tops.items():
        for p in POLARITIES:
            values.setdefault(("theme", top, p), 0)
            members = [("sub", code, p) for code in subs] + ([("direct", top, p)] if top in direct else [])
            for code in subs:
                values.setdefault(("sub", code, p), 0)
            if members:
                lines.append((("theme", top, p), members))
        lines.append((("theme", top, "total"), [("theme", top, p) for p in POLARITIES]))
        lines += [(("sub", code, "total"), [("sub", code, p) for p in POLARITIES]) for code in subs]
        for s in sources:
            values.setdefault(("source", top, s), 0)
        lines.append((("theme", top, "total"), [("source", top, s) for s in sources]))
        if with_own:
            values.setdefault(("own", top), 0)
            values[("rest", top)] = values[("theme", top, "total")] - values[("own", top)]
            lines.append((("theme", top, "total"), [("own", top), ("rest", top)]))
    for p in POLARITIES:
        values.setdefault(("polarity", p), 0)
        lines.append((("polarity", p), [("theme", top, p) for top in tops]))
    lines.append((("grand",), [("polarity", p) for p in POLARITIES]))
    for s in sources:
        lines.append((("source total", s), [("source", top, s) for top in tops]))
    lines.append((("grand",), [("source total", s) for s in sources]))
    lines.append((("grand",), [("week", w) for w in weeks]))
    if with_own:
        values.setdefault(("own total",), 0)
        lines.append((("own total",), [("own", top) for top in tops]))
    unpublished = {"polarity", "direct", "source total", "rest"}
    published = {key for key in values if key[0] not in unpublished}
    lower = {("week", w): n for w, n in weekly_floor}
    lower.update({("theme", top, "total"): n for top, n in theme_floor})
    problem = LinkedCounts(values, lines, published, k, lower)
    try:
        problem.secondary()
    except ImportError:
        log.warning("scipy is not installed: hiding every theme tally from roles without exact counts")
        problem.suppress_everything()
    return frozenset(problem.suppressed)
