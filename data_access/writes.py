"""Writing review data by natural key: insert new rows, update changed ones, delete nothing."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

from sqlalchemy import delete, func, insert, select, tuple_, update
from sqlalchemy.orm import Session

from .models import SurveyResponseDaily, SurveyResponseTotal


@dataclass
class WriteCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    by_table: dict[str, list[int]] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.inserted or self.updated)

    def add(self, table: str, inserted: int, updated: int, unchanged: int) -> None:
        self.inserted += inserted
        self.updated += updated
        self.unchanged += unchanged
        row = self.by_table.setdefault(table, [0, 0, 0])
        row[0] += inserted
        row[1] += updated
        row[2] += unchanged


def upsert_rows(
    session: Session,
    model,
    key: Sequence[str],
    rows: Iterable[dict],
    counts: WriteCounts | None = None,
    chunk: int = 500,
) -> WriteCounts:
    """Insert or update `rows` of `model`, matching on the natural `key` columns.

    Existing rows are read in chunks by key, compared, and only real changes are written,
    so re-writing the same data changes nothing.
    """
    counts = counts or WriteCounts()
    rows = list(rows)
    if not rows:
        return counts
    table = model.__table__
    key_cols = [table.c[k] for k in key]
    value_names = [c for c in rows[0] if c not in key]
    inserted = updated = unchanged = 0
    for start in range(0, len(rows), chunk):
        part = rows[start : start + chunk]
        keys = [tuple(r[k] for k in key) for r in part]
        if len(key) == 1:
            where = key_cols[0].in_([k[0] for k in keys])
        else:
            where = tuple_(*key_cols).in_(keys)
        existing = {
            tuple(row[: len(key)]): row[len(key) :]
            for row in session.execute(select(*key_cols, *[table.c[v] for v in value_names]).where(where))
        }
        to_insert, to_update = [], []
        for k, r in zip(keys, part):
            if k not in existing:
                to_insert.append(r)
            elif tuple(existing[k]) != tuple(r[v] for v in value_names):
                to_update.append(r)
            else:
                unchanged += 1
        if to_insert:
            session.execute(insert(table), to_insert)
            inserted += len(to_insert)
        for r in to_update:
            cond = [c == r[k] for c, k in zip(key_cols, key)]
            session.execute(update(table).where(*cond).values({v: r[v] for v in value_names}))
            updated += 1
    counts.add(table.name, inserted, updated, unchanged)
    return counts


def refresh_response_totals(session: Session, survey_ids: Iterable[int]) -> None:
    """Rebuild the per-authority response rollup for these surveys from the daily rows."""
    ids = sorted(set(survey_ids))
    if not ids:
        return
    session.execute(delete(SurveyResponseTotal).where(SurveyResponseTotal.survey_id.in_(ids)))
    d = SurveyResponseDaily
    session.execute(
        insert(SurveyResponseTotal).from_select(
            ["survey_id", "authority_id", "responses", "last_day"],
            select(d.survey_id, d.authority_id, func.sum(d.responses), func.max(d.day))
            .where(d.survey_id.in_(ids))
            .group_by(d.survey_id, d.authority_id),
        )
    )
