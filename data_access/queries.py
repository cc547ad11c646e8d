"""Scoped reads for the pages and the API: explicit filters and the caller's scope in, DataFrames out.

Aggregation happens in SQL. Scope rules (SPEC section 4) are applied here, before anything
is cached or returned: a presenter gets national aggregates only, a co-ordinator their own
authority beside national aggregates.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import and_, case, func, literal, select

from . import models as m
from .cache import cached
from .db import Database
from .disclosure import SUPPRESSED, protect
from .reference import DUE_SOON_DAYS, STATUS_COMPLETE, STATUS_DUE_SOON, STATUS_NOT_DUE, STATUS_OVERDUE
from .reviews import SHUT
from .scope import Scope
from .theme_protection import theme_plan


class NotFound(LookupError):
    """The review or authority asked for does not exist (or is outside the caller's scope)."""


def _frame(result) -> pd.DataFrame:
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def _review_id(session, slug: str) -> int:
    rid = session.execute(select(m.Review.id).where(m.Review.slug == slug)).scalar()
    if rid is None:
        raise NotFound(f"no review '{slug}'")
    return rid


def _authority_filter(scope: Scope, column):
    """A WHERE clause limiting per-authority rows to what the scope may see by name."""
    if scope.sees_named_authorities:
        return literal(True)
    if scope.role == "coordinator":
        return column == scope.authority
    return literal(False)


def _status_case(as_of: dt.date):
    am = m.AuthorityMilestone
    soon = as_of + dt.timedelta(days=DUE_SOON_DAYS)
    return case(
        (and_(am.completed_on.is_not(None), am.completed_on <= as_of), literal(STATUS_COMPLETE)),
        (am.due_date < as_of, literal(STATUS_OVERDUE)),
        (am.due_date <= soon, literal(STATUS_DUE_SOON)),
        else_=literal(STATUS_NOT_DUE),
    )


def scoped_reviews(q, scope: Scope):
    """A select over reviews limited to those the scope may see: every review for every role but a
    co-ordinator, who sees the reviews their authority takes part in."""
    if scope.role != "coordinator":
        return q
    return q.join(m.ReviewAuthority, m.ReviewAuthority.review_id == m.Review.id).join(
        m.LocalAuthority, m.LocalAuthority.id == m.ReviewAuthority.authority_id
    ).where(m.LocalAuthority.gss_code == scope.authority)


@cached
def visible_review(db: Database, scope: Scope, review: str, *, as_of: dt.date) -> bool:
    """Whether the review is one `reviews` gives this scope (`scoped_reviews`): one row, not the portfolio."""
    q = scoped_reviews(select(m.Review.id).where(m.Review.slug == review), scope)
    with db.reader() as s:
        return s.execute(q.limit(1)).first() is not None


@cached
def reviews(db: Database, scope: Scope, *, as_of: dt.date) -> pd.DataFrame:
    """Every review the scope may see, with its current phase and next milestone as of `as_of`."""
    r, p, ms = m.Review, m.Phase, m.Milestone
    with db.reader() as s:
        q = select(r.id, r.slug, r.title, r.kind, r.starts_on, r.ends_on, r.status,
                   r.is_demonstration).order_by(r.starts_on, r.slug)
        df = _frame(s.execute(scoped_reviews(q, scope)))
        # Plain rows grouped by review: one pass each, not a DataFrame filter per review.
        phases_of: dict[int, list] = {}
        for row in s.execute(
                select(p.review_id, p.seq, p.name, p.planned_start, p.planned_end).order_by(p.review_id, p.seq)):
            phases_of.setdefault(row.review_id, []).append(row)
        first_next: dict[int, tuple] = {}
        for row in s.execute(
                select(ms.review_id, ms.name, ms.planned_date)
                .where(ms.planned_date >= as_of)
                .order_by(ms.review_id, ms.planned_date, ms.seq)):
            first_next.setdefault(row.review_id, (row.name, row.planned_date))
    current, nxt_name, nxt_date = [], [], []
    for rid, starts_on in zip(df["id"], df["starts_on"]):
        own = phases_of.get(rid, [])
        started = [ph for ph in own if ph.planned_start <= as_of]
        active = [ph for ph in started if ph.planned_end >= as_of]
        if active:
            current.append(active[-1].name)
        elif as_of < starts_on:
            current.append("Not started")
        elif not started or max(ph.planned_end for ph in started) < as_of and not any(
                ph.planned_start > as_of for ph in own):
            current.append("Complete")
        else:
            current.append("Between phases")
        name, due = first_next.get(rid, (None, None))
        nxt_name.append(name)
        nxt_date.append(due)
    df["current_phase"] = current
    df["next_milestone"] = nxt_name
    df["next_due"] = nxt_date
    df["days_to_next"] = [(d - as_of).days if d is not None else None for d in nxt_date]
    df["active"] = (df.starts_on <= as_of) & (df.ends_on >= as_of)
    return df.drop(columns=["id"])


def most_active_review(frame: pd.DataFrame) -> str | None:
    """The default review: one in progress with the nearest next milestone, else the latest.

    Closed and archived reviews are never the default while another review is open; they stay
    reachable by choosing them.
    """
    if frame.empty:
        return None
    if "status" in frame and not frame.status.isin(SHUT).all():
        frame = frame[~frame.status.isin(SHUT)]
    active = frame[frame.active]
    pick = active if not active.empty else frame
    pick = pick.sort_values(["days_to_next", "starts_on"], na_position="last")
    return str(pick.iloc[0]["slug"])


@cached
def local_authorities(db: Database, scope: Scope, *, as_of: dt.date) -> pd.DataFrame:
    la = m.LocalAuthority
    with db.reader() as s:
        q = select(la.gss_code, la.name, la.family_group, la.latitude, la.longitude, la.tile_col, la.tile_row)
        return _frame(s.execute(q.where(_authority_filter(scope, la.gss_code)).order_by(la.name)))


@cached
def milestone_status(db: Database, scope: Scope, review: str, *, as_of: dt.date) -> pd.DataFrame:
    """Each authority's status on each per-authority milestone: the status matrix, long form."""
    am, ms, la = m.AuthorityMilestone, m.Milestone, m.LocalAuthority
    with db.reader() as s:
        rid = _review_id(s, review)
        q = (
            select(
                la.gss_code, la.name, la.family_group, la.tile_col, la.tile_row,
                ms.code.label("milestone_code"), ms.name.label("milestone"), ms.seq,
                am.due_date, case((am.completed_on <= as_of, am.completed_on), else_=None).label("completed_on"),
                _status_case(as_of).label("status"),
            )
            .join(ms, ms.id == am.milestone_id)
            .join(la, la.id == am.authority_id)
            .where(ms.review_id == rid, _authority_filter(scope, la.gss_code))
            .order_by(la.name, ms.seq)
        )
        df = _frame(s.execute(q))
    df["days_overdue"] = [
        (as_of - due).days if st == STATUS_OVERDUE else 0 for due, st in zip(df.due_date, df.status)
    ]
    return df


@cached
def national_status_counts(db: Database, scope: Scope, review: str, *, as_of: dt.date) -> pd.DataFrame:
    """How many authorities are at each status on each milestone: counts of authorities, exact for all."""
    am, ms = m.AuthorityMilestone, m.Milestone
    status = _status_case(as_of)
    with db.reader() as s:
        rid = _review_id(s, review)
        q = (
            select(ms.code.label("milestone_code"), ms.name.label("milestone"), ms.seq,
                   func.min(am.due_date).label("first_due"), func.max(am.due_date).label("last_due"),
                   status.label("status"), func.count().label("authorities"))
            .join(ms, ms.id == am.milestone_id)
            .where(ms.review_id == rid)
            .group_by(ms.code, ms.name, ms.seq, status)
            .order_by(ms.seq)
        )
        return _frame(s.execute(q))


@cached
def authority_progress(db: Database, scope: Scope, review: str, *, as_of: dt.date) -> pd.DataFrame:
    """Per authority: milestones complete, due so far, overdue, and the share complete of those due."""
    am, ms, la = m.AuthorityMilestone, m.Milestone, m.LocalAuthority
    done = and_(am.completed_on.is_not(None), am.completed_on <= as_of)
    with db.reader() as s:
        rid = _review_id(s, review)
        q = (
            select(
                la.gss_code, la.name, la.family_group, la.tile_col, la.tile_row,
                func.count().label("milestones"),
                func.sum(case((done, 1), else_=0)).label("complete"),
                func.sum(case((am.due_date <= as_of, 1), else_=0)).label("due"),
                func.sum(case((and_(~done, am.due_date < as_of), 1), else_=0)).label("overdue"),
            )
            .join(ms, ms.id == am.milestone_id)
            .join(la, la.id == am.authority_id)
            .where(ms.review_id == rid, _authority_filter(scope, la.gss_code))
            .group_by(la.gss_code, la.name, la.family_group, la.tile_col, la.tile_row)
            .order_by(la.name)
        )
        df = _frame(s.execute(q))
    for col in ("milestones", "complete", "due", "overdue"):
        df[col] = df[col].astype("int64")
    df["pct_complete"] = (100.0 * df.complete / df.milestones).round(1)
    df["on_track"] = df.overdue == 0
    return df


@cached
def overdue(db: Database, scope: Scope, review: str, *, as_of: dt.date) -> pd.DataFrame:
    """Authority milestones past their due date and not complete, most overdue first."""
    am, ms, la, mc = m.AuthorityMilestone, m.Milestone, m.LocalAuthority, m.MilestoneCommentary
    done = and_(am.completed_on.is_not(None), am.completed_on <= as_of)
    with db.reader() as s:
        rid = _review_id(s, review)
        q = (
            select(la.gss_code, la.name, ms.name.label("milestone"), am.due_date, am.milestone_id, am.authority_id)
            .join(ms, ms.id == am.milestone_id)
            .join(la, la.id == am.authority_id)
            .where(ms.review_id == rid, ~done, am.due_date < as_of, _authority_filter(scope, la.gss_code))
            .order_by(am.due_date, la.name)
        )
        df = _frame(s.execute(q))
        notes: dict = {}
        if scope.sees_commentary and not df.empty:
            rows = s.execute(
                select(mc.milestone_id, mc.authority_id, mc.body)
                .join(ms, ms.id == mc.milestone_id)
                .where(ms.review_id == rid, mc.written_on <= as_of)
                .order_by(mc.written_on)
            )
            notes = {(r.milestone_id, r.authority_id): r.body for r in rows}
    df["days_overdue"] = [(as_of - d).days for d in df.due_date]
    if scope.sees_commentary:
        df["commentary"] = [notes.get((a, b), "") for a, b in zip(df.milestone_id, df.authority_id)]
    return df.drop(columns=["milestone_id", "authority_id"])


@cached
def phases(db: Database, scope: Scope, review: str, *, as_of: dt.date) -> pd.DataFrame:
    """Phases with planned and actual dates; actual dates after `as_of` are not yet known."""
    p = m.Phase
    with db.reader() as s:
        rid = _review_id(s, review)
        df = _frame(s.execute(
            select(p.seq, p.name, p.planned_start, p.planned_end, p.actual_start, p.actual_end)
            .where(p.review_id == rid).order_by(p.seq)))
    df["actual_start"] = [a if a is not None and a <= as_of else None for a in df.actual_start]
    df["actual_end"] = [a if a is not None and a <= as_of else None for a in df.actual_end]
    return df


@cached
def milestones(db: Database, scope: Scope, review: str, *, as_of: dt.date) -> pd.DataFrame:
    ms = m.Milestone
    with db.reader() as s:
        rid = _review_id(s, review)
        df = _frame(s.execute(
            select(ms.seq, ms.code, ms.name, ms.planned_start, ms.planned_date, ms.actual_date, ms.per_authority)
            .where(ms.review_id == rid).order_by(ms.seq)))
    df["actual_date"] = [a if a is not None and a <= as_of else None for a in df.actual_date]
    df["slippage_days"] = [
        (a - p).days if a is not None else (max((as_of - p).days, 0) if p < as_of else None)
        for a, p in zip(df.actual_date, df.planned_date)
    ]
    return df


@cached
def survey_totals(db: Database, scope: Scope, review: str, *, as_of: dt.date) -> pd.DataFrame:
    """Per survey: national responses to date, eligible population, rate and target (aggregates)."""
    sv, el, d = m.Survey, m.SurveyEligible, m.SurveyResponseDaily
    with db.reader() as s:
        rid = _review_id(s, review)
        # Only this review's surveys are summed, not every survey's daily rows.
        own = select(sv.id).where(sv.review_id == rid)
        elig = select(el.survey_id, func.sum(el.eligible).label("eligible"),
                      func.count().label("authorities")).where(el.survey_id.in_(own)).group_by(el.survey_id).subquery()
        resp = select(d.survey_id, func.sum(d.responses).label("responses")).where(
            d.survey_id.in_(own), d.day <= as_of).group_by(d.survey_id).subquery()
        q = (
            select(sv.code, sv.name, sv.audience, sv.counts_people, sv.target_rate, sv.opens_on, sv.closes_on,
                   func.coalesce(elig.c.eligible, 0).label("eligible"),
                   func.coalesce(elig.c.authorities, 0).label("authorities"),
                   func.coalesce(resp.c.responses, 0).label("responses"))
            .outerjoin(elig, elig.c.survey_id == sv.id)
            .outerjoin(resp, resp.c.survey_id == sv.id)
            .where(sv.review_id == rid)
            .order_by(sv.opens_on, sv.code)
        )
        df = _frame(s.execute(q))
    df["eligible"] = df["eligible"].astype("int64")
    df["responses"] = df["responses"].astype("int64")
    df["rate"] = (df.responses / df.eligible.where(df.eligible > 0)).round(4)
    # Surveys of people are disclosure-controlled; authorities' own submissions are not.
    people = df.counts_people.astype(bool)
    if people.any() and not people.all():
        protected = protect(df[people], scope, counts=["responses", "eligible"],
                            rates={"rate": ("responses", "eligible")})
        df = pd.concat([protected, df[~people].astype(object)]).loc[df.index]
    elif people.all():
        df = protect(df, scope, counts=["responses", "eligible"], rates={"rate": ("responses", "eligible")})
    return df


@cached
def theme_totals(db: Database, scope: Scope, review: str, *, as_of: dt.date) -> pd.DataFrame:
    """National tallies per top-level theme and polarity, coded up to `as_of`."""
    th, parent, t = m.Theme, m.Theme.__table__.alias("parent"), m.ThemeTally
    top_name = func.coalesce(parent.c.name, th.name)
    with db.reader() as s:
        rid = _review_id(s, review)
        q = (
            select(top_name.label("theme"), t.polarity, func.sum(t.tally).label("tally"))
            .join(th, th.id == t.theme_id)
            .outerjoin(parent, parent.c.id == th.parent_id)
            .where(th.review_id == rid, t.week_start <= as_of)
            .group_by(top_name, t.polarity)
            .order_by(top_name)
        )
        df = _frame(s.execute(q))
        plan = theme_plan(s, scope, rid, as_of)
    df["tally"] = df["tally"].astype("int64")
    if plan is None:
        return df
    # The same tallies as the themes page's frequency table: hidden by the same review-wide plan,
    # so this answer and that one cannot be differenced.
    hidden = pd.Series([plan.hides(("theme", t, p)) for t, p in zip(df.theme, df.polarity)], index=df.index)
    df["tally"] = df.tally.astype(object).where(~hidden, SUPPRESSED)
    return df
