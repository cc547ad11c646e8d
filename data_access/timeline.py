"""Timelines: one review's phases and milestones planned against actual, the portfolio, and the
rolling programme of joint inspections. Scoped like data_access.queries; dates and counts of
authorities only, so nothing here needs disclosure control.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import case, func, literal, select

from . import models as m
from .cache import cached
from .db import Database
from .queries import NotFound, _authority_filter, _frame, scoped_reviews
from .scope import Scope

# What a bar on the Gantt is doing as of the as-of date (never shown by colour alone).
DONE, DONE_LATE, IN_PROGRESS, RUNNING_LATE, NOT_STARTED = (
    "complete", "complete, late", "in progress", "running late", "not started")


def visible_review_id(session, scope: Scope, slug: str) -> int:
    """The review's id if the scope may see it (co-ordinators: reviews their authority is in)."""
    q = select(m.Review.id).where(m.Review.slug == slug)
    if scope.role == "coordinator":
        q = q.join(m.ReviewAuthority, m.ReviewAuthority.review_id == m.Review.id).join(
            m.LocalAuthority, m.LocalAuthority.id == m.ReviewAuthority.authority_id
        ).where(m.LocalAuthority.gss_code == scope.authority)
    rid = session.execute(q).scalar()
    if rid is None:
        raise NotFound(f"no review '{slug}'")
    return rid


def _known(day, as_of):
    """An actual date only counts once it has happened."""
    return day if day is not None and day == day and day <= as_of else None


def _span_state(planned_end: dt.date, actual_start, actual_end, as_of: dt.date) -> tuple[str, int | None]:
    """Status and slippage in days (positive = late) of a span of work as of `as_of`."""
    if actual_end is not None:
        slip = (actual_end - planned_end).days
        return (DONE_LATE if slip > 0 else DONE), slip
    if actual_start is None:
        return NOT_STARTED, None
    if as_of > planned_end:
        return RUNNING_LATE, (as_of - planned_end).days
    return IN_PROGRESS, 0


@cached
def review_gantt(db: Database, scope: Scope, review: str, *, as_of: dt.date) -> pd.DataFrame:
    """Phases and milestones of one review, planned against actual, with slippage in days.

    One row per bar (kind 'phase') or diamond (kind 'milestone'); `actual_*` dates after the
    as-of date are not yet known and are left empty.
    """
    p, ms = m.Phase, m.Milestone
    with db.reader() as s:
        rid = visible_review_id(s, scope, review)
        phases = _frame(s.execute(
            select(p.id, p.seq, p.name, p.planned_start, p.planned_end, p.actual_start, p.actual_end)
            .where(p.review_id == rid).order_by(p.seq)))
        miles = _frame(s.execute(
            select(ms.seq, ms.name, ms.phase_id, ms.planned_start, ms.planned_date, ms.actual_date, ms.per_authority)
            .where(ms.review_id == rid).order_by(ms.seq)))
    rows = []
    phase_names = dict(zip(phases.id, phases.name))
    for r in phases.itertuples():
        start, end = _known(r.actual_start, as_of), _known(r.actual_end, as_of)
        status, slip = _span_state(r.planned_end, start, end, as_of)
        rows.append({"kind": "phase", "seq": int(r.seq), "name": r.name, "phase": r.name,
                     "planned_start": r.planned_start, "planned_end": r.planned_end,
                     "actual_start": start, "actual_end": end, "status": status, "slippage_days": slip})
    for r in miles.itertuples():
        actual = _known(r.actual_date, as_of)
        if actual is not None:
            slip = (actual - r.planned_date).days
            status = DONE_LATE if slip > 0 else DONE
        elif as_of > r.planned_date:
            slip, status = (as_of - r.planned_date).days, RUNNING_LATE
        else:
            slip, status = None, NOT_STARTED if (r.planned_start or r.planned_date) > as_of else IN_PROGRESS
        rows.append({"kind": "milestone", "seq": int(r.seq), "name": r.name,
                     "phase": phase_names.get(r.phase_id, ""),
                     "planned_start": r.planned_start if r.planned_start == r.planned_start else None,
                     "planned_end": r.planned_date, "actual_start": None, "actual_end": actual,
                     "status": status, "slippage_days": slip})
    return pd.DataFrame(rows, columns=["kind", "seq", "name", "phase", "planned_start", "planned_end",
                                       "actual_start", "actual_end", "status", "slippage_days"])


@cached
def portfolio_phases(db: Database, scope: Scope, *, as_of: dt.date) -> pd.DataFrame:
    """Every phase of every review the scope may see, on one time axis."""
    r, p = m.Review, m.Phase
    # A joint inspection's phases repeat for each partnership and so overlap: on the portfolio
    # the programme is one span, from its first start to its last end.
    joint = r.kind == "joint inspection"
    seq = case((joint, 1), else_=p.seq)
    name = case((joint, literal("Rolling programme of inspections")), else_=p.name)
    with db.reader() as s:
        q = (select(r.slug, r.title, r.starts_on, seq.label("seq"), name.label("name"),
                    func.min(p.planned_start).label("planned_start"), func.max(p.planned_end).label("planned_end"),
                    func.min(p.actual_start).label("actual_start"), func.max(p.actual_end).label("actual_end"))
             .join(p, p.review_id == r.id)
             .group_by(r.slug, r.title, r.starts_on, seq, name)
             .order_by(r.starts_on, r.slug, seq))
        df = _frame(s.execute(scoped_reviews(q, scope)))
    states = [_span_state(pe, _known(a, as_of), _known(b, as_of), as_of)
              for pe, a, b in zip(df.planned_end, df.actual_start, df.actual_end)]
    df["actual_start"] = [_known(a, as_of) for a in df.actual_start]
    df["actual_end"] = [_known(a, as_of) for a in df.actual_end]
    df["status"] = [st for st, _ in states]
    df["slippage_days"] = [sl for _, sl in states]
    return df


def _programme_rows(session, as_of: dt.date, where, rolling_only: bool = True) -> pd.DataFrame:
    am, ms, la, r = m.AuthorityMilestone, m.Milestone, m.LocalAuthority, m.Review
    q = (select(r.slug, la.gss_code, la.name.label("authority"), ms.seq, ms.code.label("stage_code"),
                ms.name.label("stage"), am.due_date, am.completed_on)
         .join(ms, ms.id == am.milestone_id).join(r, r.id == ms.review_id).join(la, la.id == am.authority_id)
         .where(r.kind == "joint inspection" if rolling_only else literal(True), where)
         .order_by(r.slug, la.name, ms.seq))
    df = _frame(session.execute(q))
    df["completed_on"] = [_known(d, as_of) for d in df.completed_on]
    return df


def _current_stage(rows: pd.DataFrame, as_of: dt.date) -> str:
    """Where one partnership's inspection stands: the first stage not yet complete."""
    rows = rows.sort_values("seq")
    first = rows.iloc[0]
    if first.completed_on is None and first.due_date > as_of:
        return "Not yet notified"
    for r in rows.itertuples():
        if r.completed_on is None:
            return r.stage_code
    return "published"


STAGE_LABELS = {
    "Not yet notified": "Not yet notified",
    "notification": "Awaiting notification",
    "preparation": "Preparation stage",
    "phase-1": "Phase 1",
    "phase-2": "Phase 2",
    "phase-3": "Phase 3",
    "report": "Reporting stage",
    "published": "Report published",
}


@cached
def joint_programme(db: Database, scope: Scope, *, as_of: dt.date) -> pd.DataFrame:
    """The rolling programme of joint inspections, one row per partnership per stage.

    Each stage runs from the previous stage's due date (planned) or completion (actual) to its
    own. Only partnerships the scope may see by name are returned.
    """
    with db.reader() as s:
        df = _programme_rows(s, as_of, _authority_filter(scope, m.LocalAuthority.gss_code))
    out = []
    for (slug, code), rows in df.groupby(["slug", "gss_code"], sort=False):
        rows = rows.sort_values("seq")
        current = _current_stage(rows, as_of)
        prev_due, prev_done = None, None
        for r in rows.itertuples():
            start = prev_due or r.due_date
            actual_start = prev_done if prev_due is not None else r.completed_on
            end = r.completed_on
            if actual_start is not None and end is None:
                status = RUNNING_LATE if as_of > r.due_date else IN_PROGRESS
                slip = (as_of - r.due_date).days if as_of > r.due_date else 0
            elif end is not None:
                slip = (end - r.due_date).days
                status = DONE_LATE if slip > 0 else DONE
            else:
                status, slip = NOT_STARTED, None
            out.append({"review": slug, "gss_code": code, "authority": r.authority, "seq": int(r.seq),
                        "stage_code": r.stage_code, "stage": r.stage, "planned_start": start,
                        "planned_end": r.due_date, "actual_start": actual_start, "actual_end": end,
                        "status": status, "slippage_days": slip,
                        "current_stage": STAGE_LABELS.get(current, current)})
            prev_due, prev_done = r.due_date, r.completed_on
    return pd.DataFrame(out, columns=["review", "gss_code", "authority", "seq", "stage_code", "stage",
                                      "planned_start", "planned_end", "actual_start", "actual_end", "status",
                                      "slippage_days", "current_stage"])


@cached
def joint_stage_counts(db: Database, scope: Scope, *, as_of: dt.date) -> pd.DataFrame:
    """How many partnerships stand at each stage of a joint inspection: counts of authorities only,
    no authority named, so every role may see it."""
    with db.reader() as s:
        df = _programme_rows(s, as_of, m.LocalAuthority.id.is_not(None))
    current = [_current_stage(rows, as_of) for _, rows in df.groupby(["slug", "gss_code"], sort=False)]
    counts = pd.Series(current, dtype=object).value_counts() if current else pd.Series(dtype="int64")
    return pd.DataFrame({
        "order": range(len(STAGE_LABELS)),
        "stage": list(STAGE_LABELS.values()),
        "partnerships": [int(counts.get(k, 0)) for k in STAGE_LABELS],
    })
