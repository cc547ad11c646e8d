"""A 100,000-row survey-responses file imports whole and correctly (its time is measured elsewhere)."""
from __future__ import annotations

import csv
import datetime as dt
import random

from sqlalchemy import func, select, update

from data_access import models as m
from data_access.importers import IMPORTED, ImportCommand
from data_access.reference import AUTHORITIES
from seed_data import programme as P

ROWS = 100_000


def write_large_responses(path, rows: int = ROWS, seed: int = 7) -> dict[str, int]:
    """Daily counts for every authority over consecutive days; returns each authority's total."""
    rng = random.Random(seed)
    per_authority = rows // len(AUTHORITIES) + 1
    first = dt.date(2016, 1, 4)
    totals: dict[str, int] = {}
    written = 0
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["survey", "authority", "date", "responses"])
        for authority in AUTHORITIES:
            for day in range(per_authority):
                if written == rows:
                    break
                n = rng.randint(0, 4)
                # Alternate the ways people write authorities and dates, as real files do.
                name = authority.gss_code if day % 3 == 0 else authority.name
                when = first + dt.timedelta(days=day)
                out.writerow(["staff-survey", name, when.isoformat() if day % 2 else when.strftime("%d/%m/%Y"), n])
                totals[authority.name] = totals.get(authority.name, 0) + n
                written += 1
    return totals


def test_a_100k_row_file_imports_whole(db, tmp_path):
    # 3,125 consecutive days per authority need a survey open for years: widen the demonstration one.
    with db.session() as s:
        s.execute(update(m.Survey).where(m.Survey.code == "staff-survey", m.Survey.review_id == select(
            m.Review.id).where(m.Review.slug == P.GOVERNANCE).scalar_subquery())
            .values(opens_on=dt.date(2016, 1, 4), closes_on=dt.date(2024, 12, 31)))
    eligible = tmp_path / "eligible.csv"
    eligible.write_text("survey,authority,eligible\n" + "".join(
        f"staff-survey,{a.gss_code},1000000\n" for a in AUTHORITIES))
    assert ImportCommand.from_path(db, "survey-eligible", eligible, review=P.GOVERNANCE).run().status == IMPORTED
    path = tmp_path / "responses.csv"
    totals = write_large_responses(path)
    with db.reader() as s:
        rows_before = s.execute(select(func.count()).select_from(m.SurveyResponseDaily)).scalar_one()
    version = db.data_version()

    result = ImportCommand.from_path(db, "survey-responses", path, review=P.GOVERNANCE).run()

    assert result.status == IMPORTED, result.problems[:5]
    assert (result.inserted, result.updated, result.unchanged) == (ROWS, 0, 0)
    assert db.data_version() == version + 1
    with db.reader() as s:
        assert s.execute(select(func.count()).select_from(m.SurveyResponseDaily)).scalar_one() == \
            rows_before + result.inserted
        stored = dict(s.execute(
            select(m.LocalAuthority.name, m.SurveyResponseTotal.responses)
            .join(m.LocalAuthority, m.LocalAuthority.id == m.SurveyResponseTotal.authority_id)
            .join(m.Survey, m.Survey.id == m.SurveyResponseTotal.survey_id).join(m.Review)
            .where(m.Review.slug == P.GOVERNANCE)).all())
        daily = dict(s.execute(
            select(m.LocalAuthority.name, func.sum(m.SurveyResponseDaily.responses))
            .join(m.LocalAuthority, m.LocalAuthority.id == m.SurveyResponseDaily.authority_id)
            .join(m.Survey, m.Survey.id == m.SurveyResponseDaily.survey_id).join(m.Review)
            .where(m.Review.slug == P.GOVERNANCE).group_by(m.LocalAuthority.name)).all())
    assert stored == daily
    # Every authority's total is at least what the file gave it: the file's days from 2016 do not
    # overlap the survey's 2024 days, which keep their recorded counts.
    assert all(stored[name] >= total for name, total in totals.items())
    assert sum(stored.values()) == sum(totals.values()) + 3935  # the demonstration survey's national total
