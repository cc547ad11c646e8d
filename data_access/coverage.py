"""The span of days the data covers: the range an as-of date may be replayed over."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from . import models as m
from .db import Database


def covered_dates(db: Database) -> tuple[dt.date, dt.date] | None:
    """The first review's start and the last date anything in the data is planned or recorded
    (None when there are no reviews)."""
    r, ms, am, d = m.Review, m.Milestone, m.AuthorityMilestone, m.SurveyResponseDaily
    with db.reader() as s:
        first, review_end = s.execute(select(func.min(r.starts_on), func.max(r.ends_on))).one()
        if first is None:
            return None
        latest = [review_end,
                  s.execute(select(func.max(ms.planned_date))).scalar(),
                  s.execute(select(func.max(ms.actual_date))).scalar(),
                  s.execute(select(func.max(am.completed_on))).scalar(),
                  s.execute(select(func.max(d.day))).scalar(),
                  s.execute(select(func.max(m.Publication.published_on))).scalar()]
    return first, max(v for v in latest if v is not None)
