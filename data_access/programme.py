"""Rolling programmes (the joint inspections): one row per partnership, its stage, the weeks gone of
the about 22 an inspection takes, and whether its report is published; counts by stage for roles
that may not see partnerships by name. Dates and counts of authorities only: no disclosure control.

A review is a rolling programme when the data says so: its milestones are tracked per authority
and each authority has its own due dates (the programme staggers them), or its kind is
"joint inspection".
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import func, select

from . import models as m
from .cache import cached
from .db import Database
from .queries import _authority_filter
from .scope import Scope
from .timeline import STAGE_LABELS, _current_stage, _programme_rows, visible_review_id

PUBLISHED = STAGE_LABELS["published"]


def rolling(kind: str, due_dates_per_milestone: list[int]) -> bool:
    """The rule, in one place: a joint inspection, or every per-authority milestone has more than one
    due date across the authorities (the programme staggers them)."""
    return kind == "joint inspection" or (bool(due_dates_per_milestone) and min(due_dates_per_milestone) > 1)


def due_dates_per_milestone(review_id: int | None = None):
    """How many different due dates each per-authority milestone has, of one review or of all (SQL)."""
    am, ms = m.AuthorityMilestone, m.Milestone
    q = (select(ms.review_id, func.count(func.distinct(am.due_date)).label("dates"))
         .join(ms, ms.id == am.milestone_id).where(ms.per_authority.is_(True)).group_by(ms.review_id, ms.id))
    return q.where(ms.review_id == review_id) if review_id is not None else q


@cached
def is_rolling_programme(db: Database, scope: Scope, review: str, *, as_of: dt.date) -> bool:
    with db.reader() as s:
        rid = visible_review_id(s, scope, review)
        kind = s.execute(select(m.Review.kind).where(m.Review.id == rid)).scalar()
        return rolling(kind, [row.dates for row in s.execute(due_dates_per_milestone(rid))])


def _rows(session, review: str, as_of: dt.date, where) -> pd.DataFrame:
    return _programme_rows(session, as_of, (m.Review.slug == review) & where, rolling_only=False)


def _partnership(rows: pd.DataFrame, as_of: dt.date) -> dict:
    rows = rows.sort_values("seq")
    first, last = rows.iloc[0], rows.iloc[-1]
    notified = first.completed_on or first.due_date
    published = last.completed_on
    stage = STAGE_LABELS.get(_current_stage(rows, as_of), "")
    end = published or as_of
    return {"gss_code": first.gss_code, "authority": first.authority, "stage": stage, "notified": notified,
            "weeks_elapsed": max((end - notified).days // 7, 0) if notified <= as_of else 0,
            "weeks_planned": round((last.due_date - notified).days / 7),
            "report_published": published}


@cached
def programme_partnerships(db: Database, scope: Scope, review: str, *, as_of: dt.date) -> pd.DataFrame:
    """One row per partnership the scope may see by name: its stage, when it was notified, weeks gone
    of the weeks planned, and the date its report was published (empty until it is)."""
    with db.reader() as s:
        visible_review_id(s, scope, review)
        df = _rows(s, review, as_of, _authority_filter(scope, m.LocalAuthority.gss_code))
    out = [_partnership(rows, as_of) for _, rows in df.groupby("gss_code", sort=False)]
    frame = pd.DataFrame(out, columns=["gss_code", "authority", "stage", "notified", "weeks_elapsed",
                                       "weeks_planned", "report_published"])
    return frame.sort_values(["notified", "authority"]).reset_index(drop=True)


@cached
def programme_stage_counts(db: Database, scope: Scope, review: str, *, as_of: dt.date) -> pd.DataFrame:
    """How many partnerships stand at each stage: counts of authorities, no partnership named."""
    with db.reader() as s:
        visible_review_id(s, scope, review)
        df = _rows(s, review, as_of, m.LocalAuthority.id.is_not(None))
    current = [_current_stage(rows, as_of) for _, rows in df.groupby("gss_code", sort=False)]
    counts = pd.Series(current, dtype=object).value_counts() if current else pd.Series(dtype="int64")
    return pd.DataFrame({"stage": list(STAGE_LABELS.values()),
                         "partnerships": [int(counts.get(k, 0)) for k in STAGE_LABELS]})
