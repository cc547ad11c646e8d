"""Validate, then write: the import command behind `oversight import` and the data page's upload.

`run()` checks every row inside one transaction and either writes every row (by natural key,
bumping the data version only when something changed) or writes no review data at all. Both
outcomes are recorded as an import batch and an audit entry; a dry run records nothing.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import models as m
from ..db import Database, bump_data_version
from ..reviews import SHUT, shut_message
from ..writes import WriteCounts
from .base import Context, Record
from .kinds import get_kind
from .notes import Change
from .problems import FileRejected, Problem, UsageError
from .readers import Table, check_size, max_upload_bytes, read_table

IMPORTED, REJECTED, CHECKED = "imported", "rejected", "checked"


@dataclass
class ImportResult:
    kind: str
    filename: str
    review: str | None
    checksum: str
    status: str  # imported, rejected, or checked (a dry run that found no problems)
    dry_run: bool = False
    problems: list[Problem] = field(default_factory=list)
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    by_table: dict[str, list[int]] = field(default_factory=dict)
    data_version: int = 0
    batch_id: int | None = None
    notes: list[str] = field(default_factory=list)  # how the file was read: information, not problems
    changes: list[Change] = field(default_factory=list)  # rows inserted, and updated cells before and after
    header_row: int | None = None
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status != REJECTED

    @property
    def changed(self) -> bool:
        return bool(self.inserted or self.updated)


class _Stop(Exception):
    """Leaves the write transaction so that it rolls back."""


def _identity(rows: Iterable) -> Iterable:
    return rows


def _data_version(session: Session) -> int:
    return int(session.execute(select(m.DatasetMeta.data_version).where(m.DatasetMeta.id == 1)).scalar() or 0)


class ImportCommand:
    """One import of one file of one kind, for one review (or none, for publications)."""

    def __init__(
        self,
        db: Database,
        kind: str,
        filename: str,
        content: bytes | None,
        *,
        review: str | None = None,
        username: str | None = None,
        role: str | None = None,
        dry_run: bool = False,
        strict: bool = False,
        progress: Callable[[Iterable], Iterable] | None = None,
        size: int | None = None,
        checksum: str | None = None,
        record: bool = True,
    ):
        self.db = db
        self.kind = get_kind(kind)
        self.filename = Path(filename).name[:255]
        self.content = content
        self.size = len(content) if content is not None else (size or 0)
        self.checksum = checksum or hashlib.sha256(content or b"").hexdigest()
        self.review = review
        self.username = username
        self.role = role
        self.dry_run = dry_run
        self.strict = strict
        self.progress = progress or _identity
        # False for a load that is part of a larger one (the demonstration seed): no batch or audit row,
        # and no new data version, which the caller sets once for the whole load.
        self.record = record
        self._table: Table | None = None
        self._check_review()

    @classmethod
    def from_path(cls, db: Database, kind: str, path: str | os.PathLike, **kwargs) -> ImportCommand:
        """Read the file at `path`; a file over the size limit is not read, only hashed."""
        path = Path(path)
        if not path.exists():
            raise UsageError(f"there is no file '{path}'")
        if not path.is_file():
            raise UsageError(f"'{path}' is not a file")
        size = path.stat().st_size
        if size > max_upload_bytes():
            digest = hashlib.sha256()
            with path.open("rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(chunk)
            return cls(db, kind, path.name, None, size=size, checksum=digest.hexdigest(), **kwargs)
        return cls(db, kind, path.name, path.read_bytes(), **kwargs)

    def _check_review(self) -> None:
        if self.kind.review_scoped and not self.review:
            raise UsageError(f"the {self.kind.name} kind belongs to one review: give it with --review SLUG")
        if self.review:
            with self.db.reader() as s:
                slugs = list(s.execute(select(m.Review.slug).order_by(m.Review.slug)).scalars())
            if self.review not in slugs:
                raise UsageError(f"there is no review '{self.review}'; the reviews are {', '.join(slugs)}")
            with self.db.reader() as s:
                status = s.execute(select(m.Review.status).where(m.Review.slug == self.review)).scalar()
            if status in SHUT:
                raise UsageError(shut_message(self.review, status))

    # -- checking ------------------------------------------------------------------------
    def _read(self) -> Table:
        if self._table is None:
            check_size(self.size)
            self._table = read_table(self.filename, self.content or b"", self.kind.required_headers,
                                     optional=self.kind.optional_headers, strict=self.strict)
        return self._table

    def _check(self, session: Session) -> tuple[list[Problem], list[Record], Context]:
        if getattr(self.kind, "workbook", False):  # a review's definition: a workbook of several sheets
            check_size(self.size)
            problems, book, ctx = self.kind.check_book(self.filename, self.content or b"", session,
                                                       strict=self.strict)
            self.review = book.slug
            return problems, book, ctx
        ctx = Context.load(session, self.review)
        try:
            table = self._read()
        except FileRejected as exc:
            return exc.problems, [], ctx
        ctx.notes.header_row, ctx.notes.ignored, ctx.notes.footnotes = table.header_row, table.ignored, table.footnotes
        problems: list[Problem] = []
        parsed = []
        for raw in self.progress(table.rows):
            record = self.kind.parse(raw, ctx, problems)
            if record is not None:
                parsed.append(record)
        self.kind.fill_blanks(parsed, ctx)
        records = []
        for record in parsed:
            before = len(problems)
            self.kind.check_row(record, ctx, problems)
            if len(problems) == before:
                records.append(record)
        if not parsed and not problems:
            problems.append(Problem(None, None, None, "the file has no rows for an authority: every row was "
                                    "a total or a note"))
        self.kind.check(records, ctx, problems)
        self.kind.check_review_dates(parsed, ctx, problems)
        problems.sort(key=Problem.sort_key)
        return problems, records, ctx

    # -- writing -------------------------------------------------------------------------
    def run(self) -> ImportResult:
        """Check and write in one transaction: every row, or (when anything is wrong) nothing."""
        result = ImportResult(self.kind.name, self.filename, self.review, self.checksum, IMPORTED,
                              dry_run=self.dry_run)
        try:
            with self.db.session() as s:
                problems, records, ctx = self._check(s)
                result.review = self.review  # a review's workbook names its review itself
                result.notes = ctx.notes.lines()
                result.header_row, result.ignored_columns = ctx.notes.header_row, list(ctx.notes.ignored)
                if problems:
                    result.problems = problems
                    raise _Stop
                result.changes = self.kind.changes(records, ctx)
                counts = WriteCounts()
                self.kind.write(records, ctx, counts)
                result.inserted, result.updated, result.unchanged = counts.inserted, counts.updated, counts.unchanged
                result.by_table = counts.by_table
                if self.dry_run:
                    result.status = CHECKED
                    result.data_version = _data_version(s)
                    raise _Stop
                result.data_version = (bump_data_version(s) if counts.changed and self.record
                                       else _data_version(s))
                result.batch_id = self._record(s, result) if self.record else None
        except _Stop:
            pass
        except IntegrityError as exc:
            result.problems = [Problem(None, None, None, "the database refused the change, so nothing was "
                                       f"written: {str(exc.orig).splitlines()[0][:200]}")]
        if result.problems:
            result.status = REJECTED
            result.inserted = result.updated = result.unchanged = 0
            result.by_table = {}
            result.changes = []
            with self.db.session() as s:
                result.data_version = _data_version(s)
                if not self.dry_run and self.record:
                    result.batch_id = self._record(s, result)
        return result

    def _record(self, session: Session, result: ImportResult) -> int:
        batch = m.ImportBatch(
            kind=self.kind.name, review_slug=self.review, filename=self.filename, checksum=self.checksum,
            username=self.username, status=result.status, rows_inserted=result.inserted,
            rows_updated=result.updated, rows_unchanged=result.unchanged, problems=len(result.problems),
            data_version=result.data_version,
        )
        session.add(batch)
        if result.status == REJECTED:
            detail = f"{len(result.problems)} problem(s); nothing written"
        else:
            detail = f"{result.inserted} inserted, {result.updated} updated, {result.unchanged} unchanged"
        target = f" for {self.review}" if self.review else ""
        session.add(m.AuditEntry(
            username=self.username, role=self.role, action="import", outcome=result.status,
            detail=f"{self.kind.name} file '{self.filename}'{target}: {detail}"[:500],
        ))
        session.flush()
        return batch.id
