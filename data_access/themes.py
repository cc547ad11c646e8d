"""Themes from the coded qualitative evidence: frequency by polarity, by evidence source, by
authority and family group, over time, co-occurrence, sub-themes and the review questions they
answer. Aggregated in SQL, scoped like data_access.queries, disclosure-controlled before return.

Roles under disclosure control are offered one period, everything coded up to the as-of date
(`offered_windows`): a start or end they send is ignored, and every tally they can read is hidden
by one plan per review (data_access.theme_protection), so no table, total or series can be
differenced against another.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import and_, case, distinct, func, select

from . import models as m
from .cache import cached
from .db import Database
from .disclosure import SUPPRESSED, is_suppressed, needs_control
from .queries import NotFound, _authority_filter, _frame
from .scope import Scope
from .theme_protection import ThemePlan, applied_window, theme_plan
from .timeline import visible_review_id

Parent = m.Theme.__table__.alias("parent_theme")


def _top(column: str):
    """The top-level theme of a tally's (sub-)theme."""
    return func.coalesce(getattr(Parent.c, column), getattr(m.Theme, column))


def _filtered(q, rid: int, scope: Scope, as_of: dt.date, family_group, start, end, national: bool = True):
    """Tallies of one review coded by the as-of date, within the filters the scope may use.

    National aggregates include every authority; a family group narrows them only for roles
    that may see family groups."""
    t, th, la = m.ThemeTally, m.Theme, m.LocalAuthority
    q = (q.join(th, th.id == t.theme_id).outerjoin(Parent, Parent.c.id == th.parent_id)
         .join(la, la.id == t.authority_id)
         .where(th.review_id == rid, t.week_start <= as_of))
    if not national:
        q = q.where(_authority_filter(scope, la.gss_code))
    if family_group is not None and scope.sees_named_authorities:
        q = q.where(la.family_group == family_group)
    if start is not None:
        q = q.where(t.week_start >= start)
    if end is not None:
        q = q.where(t.week_start <= end)
    return q


def _hide(df: pd.DataFrame, plan: ThemePlan | None, column: str, key) -> pd.DataFrame:
    """Replace the entries the plan hides with the suppressed marker; `key(row)` names each entry."""
    if plan is None or df.empty:
        return df
    hidden = [plan.hides(key(r)) for r in df.itertuples(index=False)]
    df[column] = df[column].astype(object).where(~pd.Series(hidden, index=df.index), SUPPRESSED)
    return df


@cached
def offered_windows(db: Database, scope: Scope, review: str, *, as_of: dt.date) -> pd.DataFrame:
    """The date windows the scope may choose on the themes page: for roles under disclosure control,
    one fixed period (everything coded to the as-of date), so no two answers differ by a small count;
    for everyone else an empty frame, meaning any start and end."""
    columns = ["label", "start", "end"]
    with db.reader() as s:
        rid = visible_review_id(s, scope, review)
        if not needs_control(scope):
            return pd.DataFrame(columns=columns)
        starts_on = s.execute(select(m.Review.starts_on).where(m.Review.id == rid)).scalar()
        first = s.execute(select(func.min(m.ThemeTally.week_start)).join(m.Theme, m.Theme.id == m.ThemeTally.theme_id)
                          .where(m.Theme.review_id == rid)).scalar()
    start = min(d for d in (starts_on, first) if d is not None) if (starts_on or first) else as_of
    return pd.DataFrame([{"label": "The whole review to date", "start": min(start, as_of), "end": as_of}],
                        columns=columns)


def _theme_id(session, rid: int, code: str) -> int:
    tid = session.execute(select(m.Theme.id).where(m.Theme.review_id == rid, m.Theme.code == code,
                                                   m.Theme.parent_id.is_(None))).scalar()
    if tid is None:
        raise NotFound(f"no theme '{code}'")
    return tid


@cached
def top_themes(db: Database, scope: Scope, review: str, *, as_of: dt.date) -> pd.DataFrame:
    """The review's top-level themes with the question each maps to."""
    th, q = m.Theme, m.ReviewQuestion
    with db.reader() as s:
        rid = visible_review_id(s, scope, review)
        return _frame(s.execute(
            select(th.code, th.name, q.code.label("question"))
            .outerjoin(q, q.id == th.question_id)
            .where(th.review_id == rid, th.parent_id.is_(None)).order_by(th.id)))


@cached
def theme_frequency(db: Database, scope: Scope, review: str, *, as_of: dt.date, parent: str | None = None,
                    family_group: int | None = None, start: dt.date | None = None,
                    end: dt.date | None = None) -> pd.DataFrame:
    """Tallies of each top-level theme (or each sub-theme of `parent`) as strengths and as areas
    for improvement, with the question each maps to."""
    t, th, q = m.ThemeTally, m.Theme, m.ReviewQuestion
    start, end = applied_window(scope, start, end)
    with db.reader() as s:
        rid = visible_review_id(s, scope, review)
        plan = theme_plan(s, scope, rid, as_of)
        if parent is None:
            code, name, qid = _top("code"), _top("name"), _top("question_id")
        else:
            code, name, qid = th.code, th.name, th.question_id
        strengths = func.sum(case((t.polarity == "strength", t.tally), else_=0))
        improvements = func.sum(case((t.polarity == "improvement", t.tally), else_=0))
        sel = select(code.label("code"), name.label("theme"), qid.label("question_id"),
                     strengths.label("strengths"), improvements.label("improvements")).select_from(t)
        sel = _filtered(sel, rid, scope, as_of, family_group, start, end)
        if parent is not None:
            sel = sel.where(th.parent_id == _theme_id(s, rid, parent))
        df = _frame(s.execute(sel.group_by(code, name, qid).order_by(code)))
        questions = dict(s.execute(select(q.id, q.code).where(q.review_id == rid)).all())
    df["question"] = [questions.get(v, "") for v in df.question_id]
    for c in ("strengths", "improvements"):
        df[c] = df[c].astype("int64")
    df["total"] = df.strengths + df.improvements
    df = df.drop(columns=["question_id"]).sort_values(["total", "theme"], ascending=[False, True])
    df = df.reset_index(drop=True)
    for column, polarity in (("strengths", "strength"), ("improvements", "improvement"), ("total", "total")):
        if parent is None:
            df = _hide(df, plan, column, lambda r, p=polarity: ("theme", r.theme, p))
        else:
            df = _hide(df, plan, column, lambda r, p=polarity: ("sub", r.code, p))
    return df


@cached
def theme_by_source(db: Database, scope: Scope, review: str, *, as_of: dt.date, family_group: int | None = None,
                    start: dt.date | None = None, end: dt.date | None = None) -> pd.DataFrame:
    """Long form: tallies per top-level theme and evidence source, with secondary suppression
    against the row and column totals for roles under disclosure control."""
    t = m.ThemeTally
    start, end = applied_window(scope, start, end)
    with db.reader() as s:
        rid = visible_review_id(s, scope, review)
        plan = theme_plan(s, scope, rid, as_of)
        sel = select(_top("name").label("theme"), t.source, func.sum(t.tally).label("tally")).select_from(t)
        sel = _filtered(sel, rid, scope, as_of, family_group, start, end)
        df = _frame(s.execute(sel.group_by(_top("name"), t.source).order_by(_top("name"), t.source)))
    df["tally"] = df.tally.astype("int64")
    df = _complete(df, "theme", "source")
    return _hide(df, plan, "tally", lambda r: ("source", r.theme, r.source))


def _complete(df: pd.DataFrame, row: str, col: str) -> pd.DataFrame:
    """Fill missing combinations with 0: a zero is known, not hidden."""
    if df.empty:
        return df
    full = pd.MultiIndex.from_product([list(dict.fromkeys(df[row])), list(dict.fromkeys(df[col]))],
                                      names=[row, col])
    return df.set_index([row, col]).reindex(full, fill_value=0).reset_index()


@cached
def theme_by_area(db: Database, scope: Scope, review: str, level: str, *, as_of: dt.date,
                  family_group: int | None = None, start: dt.date | None = None,
                  end: dt.date | None = None) -> pd.DataFrame:
    """Long form: tallies per top-level theme and authority (`level='authority'`) or family group
    (`level='family_group'`), with each area's share of its own tallies.

    Authorities: every one for roles that see them by name, a co-ordinator's own only,
    none for presenters. Family groups: roles that see authorities by name only."""
    t, la = m.ThemeTally, m.LocalAuthority
    if level not in ("authority", "family_group"):
        raise ValueError(level)
    if not scope.sees_any_authority or (level == "family_group" and not scope.sees_named_authorities):
        return pd.DataFrame(columns=["theme", "area", "gss_code", "family_group", "tally", "share"])
    start, end = applied_window(scope, start, end)
    with db.reader() as s:
        rid = visible_review_id(s, scope, review)
        plan = theme_plan(s, scope, rid, as_of)
        if level == "authority":
            keys = [la.name.label("area"), la.gss_code, la.family_group]
        else:
            keys = [la.family_group.label("family_group")]
        sel = select(_top("name").label("theme"), *keys, func.sum(t.tally).label("tally")).select_from(t)
        sel = _filtered(sel, rid, scope, as_of, family_group, start, end, national=False)
        df = _frame(s.execute(sel.group_by(_top("name"), *[k.element if hasattr(k, "element") else k for k in keys])
                              .order_by(_top("name"))))
    if level == "family_group":
        df["area"] = [f"Family group {g}" for g in df.family_group]
        df["gss_code"] = ""
    df["tally"] = df.tally.astype("int64")
    totals = df.groupby("area").tally.transform("sum")
    df["share"] = (df.tally / totals.where(totals > 0)).round(4)
    if plan is not None:
        # Only a co-ordinator's own authority reaches here under control: its tallies and the
        # total behind every share follow the review's plan, and a share built on a hidden count goes.
        df = _hide(df, plan, "tally", lambda r: ("own", r.theme))
        gone = df.tally.map(is_suppressed) | plan.hides(("own total",))
        df["share"] = df.share.astype(object).where(~gone, SUPPRESSED)
    return df[["theme", "area", "gss_code", "family_group", "tally", "share"]]


@cached
def theme_weekly(db: Database, scope: Scope, review: str, *, as_of: dt.date, family_group: int | None = None,
                 start: dt.date | None = None, end: dt.date | None = None) -> pd.DataFrame:
    """Saturation: per week, the tallies coded, the sub-themes coded for the first time, and how
    many sub-themes have been coded so far. When few new codes appear, the frame is saturated."""
    t = m.ThemeTally
    start, end = applied_window(scope, start, end)
    with db.reader() as s:
        rid = visible_review_id(s, scope, review)
        plan = theme_plan(s, scope, rid, as_of)
        weekly = _filtered(select(t.week_start.label("week"), func.sum(t.tally).label("tallies")).select_from(t),
                           rid, scope, as_of, family_group, start, end)
        weekly = _frame(s.execute(weekly.group_by(t.week_start).order_by(t.week_start)))
        first = _filtered(select(t.theme_id, func.min(t.week_start).label("week")).select_from(t).where(t.tally > 0),
                          rid, scope, as_of, family_group, start, end).group_by(t.theme_id).subquery()
        new = _frame(s.execute(select(first.c.week, func.count().label("new_codes"))
                               .group_by(first.c.week).order_by(first.c.week)))
        combos = _filtered(select(t.theme_id, t.authority_id, t.source, func.min(t.week_start).label("week"))
                           .select_from(t).where(t.tally > 0), rid, scope, as_of, family_group, start, end
                           ).group_by(t.theme_id, t.authority_id, t.source).subquery()
        new_combos = _frame(s.execute(select(combos.c.week, func.count().label("new_combinations"))
                                      .group_by(combos.c.week)))
    df = weekly.merge(new, on="week", how="left").merge(new_combos, on="week", how="left")
    for c in ("tallies", "new_codes", "new_combinations"):
        df[c] = df[c].fillna(0).astype("int64")
    df["codes_so_far"] = df.new_codes.cumsum()
    return _hide(df, plan, "tallies", lambda r: ("week", r.week))


@cached
def theme_cooccurrence(db: Database, scope: Scope, review: str, *, as_of: dt.date, family_group: int | None = None,
                       start: dt.date | None = None, end: dt.date | None = None) -> pd.DataFrame:
    """For each pair of top-level themes, the number of authority x evidence-source combinations
    in which both were coded (the diagonal: combinations in which the theme was coded at all).
    These count combinations, not people, so they are shown exactly to every role."""
    t = m.ThemeTally
    start, end = applied_window(scope, start, end)
    with db.reader() as s:
        rid = visible_review_id(s, scope, review)
        coded = _filtered(select(_top("name").label("theme"), t.authority_id, t.source).select_from(t)
                          .where(t.tally > 0), rid, scope, as_of, family_group, start, end).distinct().subquery()
        a, b = coded.alias("a"), coded.alias("b")
        q = (select(a.c.theme.label("theme_a"), b.c.theme.label("theme_b"), func.count().label("combinations"))
             .join(b, and_(a.c.authority_id == b.c.authority_id, a.c.source == b.c.source))
             .group_by(a.c.theme, b.c.theme).order_by(a.c.theme, b.c.theme))
        df = _frame(s.execute(q))
    df["combinations"] = df.combinations.astype("int64")
    return df


@cached
def theme_questions(db: Database, scope: Scope, review: str, *, as_of: dt.date) -> pd.DataFrame:
    """The review questions (or quality indicators) with the themes that answer them and their tallies."""
    q, th = m.ReviewQuestion, m.Theme
    with db.reader() as s:
        rid = visible_review_id(s, scope, review)
        questions = _frame(s.execute(select(q.code.label("question"), q.text).where(q.review_id == rid)
                                     .order_by(q.code)))
        themes = _frame(s.execute(select(th.code, th.name.label("theme"), q.code.label("question"))
                                  .join(q, q.id == th.question_id)
                                  .where(th.review_id == rid, th.parent_id.is_(None)).order_by(th.id)))
        subs = dict(s.execute(select(Parent.c.code, func.count(distinct(th.id)))
                              .join(Parent, Parent.c.id == th.parent_id)
                              .where(th.review_id == rid).group_by(Parent.c.code)).all())
    freq = theme_frequency(db, scope, review, as_of=as_of)
    df = themes.merge(questions, on="question", how="left").merge(
        freq[["code", "strengths", "improvements", "total"]], on="code", how="left")
    df["sub_themes"] = [int(subs.get(c, 0)) for c in df.code]
    return df.fillna({"strengths": 0, "improvements": 0, "total": 0})

