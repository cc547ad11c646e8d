"""What the data page shows: row counts, import history and data-quality warnings."""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import and_, func, select

from . import models as m
from .db import Database

COUNTED = [
    ("Local authorities", m.LocalAuthority), ("Reviews", m.Review), ("Phases", m.Phase),
    ("Milestones", m.Milestone), ("Authority milestones", m.AuthorityMilestone),
    ("Milestone commentary", m.MilestoneCommentary), ("Document returns", m.DocumentReturn),
    ("Surveys", m.Survey), ("Eligible populations", m.SurveyEligible),
    ("Daily survey responses", m.SurveyResponseDaily), ("Themes", m.Theme), ("Theme tallies", m.ThemeTally),
    ("Publications", m.Publication),
]


def row_counts(db: Database) -> pd.DataFrame:
    with db.reader() as s:
        rows = [(label, s.scalar(select(func.count()).select_from(model))) for label, model in COUNTED]
    return pd.DataFrame(rows, columns=["Table", "Rows"])


def import_history(db: Database, limit: int = 200) -> pd.DataFrame:
    b = m.ImportBatch
    with db.reader() as s:
        result = s.execute(
            select(b.at, b.kind, b.review_slug, b.filename, b.status, b.rows_inserted, b.rows_updated,
                   b.rows_unchanged, b.problems, b.username, b.data_version)
            .order_by(b.at.desc(), b.id.desc()).limit(limit))
        return pd.DataFrame(result.all(), columns=list(result.keys()))


def quality_warnings(db: Database, as_of: dt.date) -> pd.DataFrame:
    """Things an inspector should look at before trusting a chart; counted in SQL."""
    r, sv, el, tot, am, ms, mc = (m.Review, m.Survey, m.SurveyEligible, m.SurveyResponseTotal,
                                  m.AuthorityMilestone, m.Milestone, m.MilestoneCommentary)
    warnings: list[tuple[str, str, int]] = []
    with db.reader() as s:
        no_eligible = s.execute(
            select(r.slug, sv.name).join(r, r.id == sv.review_id)
            .outerjoin(el, el.survey_id == sv.id).group_by(r.slug, sv.name).having(func.count(el.survey_id) == 0)
        ).all()
        for slug, name in no_eligible:
            warnings.append((slug, f"Survey '{name}' has no eligible population, so no response rate", 1))
        over = s.execute(
            select(r.slug, sv.name, func.count())
            .select_from(tot).join(sv, sv.id == tot.survey_id).join(r, r.id == sv.review_id)
            .join(el, and_(el.survey_id == tot.survey_id, el.authority_id == tot.authority_id))
            .where(tot.responses > el.eligible).group_by(r.slug, sv.name)
        ).all()
        for slug, name, n in over:
            warnings.append((slug, f"Survey '{name}': more responses than eligible people", n))
        silent = s.execute(
            select(r.slug, func.count())
            .select_from(am).join(ms, ms.id == am.milestone_id).join(r, r.id == ms.review_id)
            .outerjoin(mc, and_(mc.milestone_id == am.milestone_id, mc.authority_id == am.authority_id))
            .where(am.due_date < as_of - dt.timedelta(days=7),
                   (am.completed_on.is_(None)) | (am.completed_on > as_of), mc.id.is_(None))
            .group_by(r.slug)
        ).all()
        for slug, n in silent:
            warnings.append((slug, "Milestones more than a week overdue with no inspector commentary", n))
        no_tallies = s.execute(
            select(r.slug, func.count()).select_from(m.Theme).join(r, r.id == m.Theme.review_id)
            .outerjoin(m.ThemeTally, m.ThemeTally.theme_id == m.Theme.id)
            .where(m.Theme.parent_id.is_not(None), m.ThemeTally.theme_id.is_(None)).group_by(r.slug)
        ).all()
        for slug, n in no_tallies:
            warnings.append((slug, "Sub-themes with nothing coded yet", n))
    return pd.DataFrame(warnings, columns=["Review", "Warning", "Count"])
