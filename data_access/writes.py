"""Writing review data by natural key: insert new rows, update changed ones, delete nothing."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import bindparam, delete, func, insert, select, update
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

    Existing rows are read by the key's first column (an indexed single-column IN list, which
    every engine answers quickly, unlike a multi-column tuple IN on PostgreSQL), compared,
    and only real changes are written, so re-writing the same data changes nothing.
    """
    counts = counts or WriteCounts()
    rows = list(rows)
    if not rows:
        return counts
    table = model.__table__
    key_cols = [table.c[k] for k in key]
    value_names = [c for c in rows[0] if c not in key]
    value_cols = [table.c[v] for v in value_names]
    firsts = sorted({r[key[0]] for r in rows}, key=repr)
    existing: dict[tuple, tuple] = {}
    for start in range(0, len(firsts), chunk):
        part = firsts[start : start + chunk]
        for row in session.execute(select(*key_cols, *value_cols).where(key_cols[0].in_(part))):
            existing[tuple(row[: len(key)])] = tuple(row[len(key) :])
    to_insert, to_update, unchanged = [], [], 0
    for r in rows:
        k = tuple(r[c] for c in key)
        old = existing.get(k)
        if old is None:
            to_insert.append(r)
            existing[k] = tuple(r[v] for v in value_names)  # a repeated key in `rows` updates, not inserts
        elif old != tuple(r[v] for v in value_names):
            to_update.append(r)
            existing[k] = tuple(r[v] for v in value_names)
        else:
            unchanged += 1
    for start in range(0, len(to_insert), 5000):
        session.execute(insert(table), to_insert[start : start + 5000])
    if to_update and value_names:
        stmt = update(table).where(*[c == bindparam(f"k_{c.name}") for c in key_cols]).values(
            {v: bindparam(f"v_{v}") for v in value_names})
        params = [{**{f"k_{k}": r[k] for k in key}, **{f"v_{v}": r[v] for v in value_names}} for r in to_update]
        session.connection().execute(stmt, params)
    counts.add(table.name, len(to_insert), len(to_update), unchanged)
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
