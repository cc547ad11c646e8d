"""What every import kind shares: column definitions, lookups, row parsing, duplicate keys."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import models as m
from ..reference import resolve_authority
from .cells import is_blank, shown
from .problems import CellError, Problem
from .readers import RawRow

CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Column:
    """One column of an import format: its header, what it holds, an example, how to read it."""

    name: str
    meaning: str
    example: object
    parse: Callable[[object, "Context"], object]
    required: bool = True  # the cell may not be blank (every column must be in the header)
    blank_means: str = ""  # for documentation: what a blank cell means where blanks are allowed


@dataclass
class Record:
    """A parsed row: the values by column name, and the cells as the user wrote them."""

    row: int
    values: dict[str, object]
    raw: dict[str, object]

    def __getitem__(self, name: str):
        return self.values.get(name)

    def shown(self, name: str) -> str:
        return shown(self.raw.get(name))


@dataclass
class Context:
    """What an import looks up while it checks rows, read once in the import's transaction."""

    session: Session
    review_slug: str | None
    review_id: int | None = None
    authority_ids: dict[str, int] = field(default_factory=dict)
    authority_names: dict[int, str] = field(default_factory=dict)
    participants: set[int] = field(default_factory=set)
    lookups: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session, review_slug: str | None) -> "Context":
        ctx = cls(session=session, review_slug=review_slug)
        for aid, code, name in session.execute(select(m.LocalAuthority.id, m.LocalAuthority.gss_code,
                                                      m.LocalAuthority.name)):
            ctx.authority_ids[code] = aid
            ctx.authority_names[aid] = name
        if review_slug:
            ctx.review_id = session.execute(select(m.Review.id).where(m.Review.slug == review_slug)).scalar()
            if ctx.review_id is not None:
                ctx.participants = set(session.execute(
                    select(m.ReviewAuthority.authority_id).where(m.ReviewAuthority.review_id == ctx.review_id)
                ).scalars())
        return ctx

    def authority_name(self, authority_id: int) -> str:
        return self.authority_names.get(authority_id, str(authority_id))


def parse_authority(value, ctx: Context) -> int:
    code = resolve_authority(str(value))
    if code is None or code not in ctx.authority_ids:
        raise CellError("is not one of Scotland's 32 local authorities")
    return ctx.authority_ids[code]


def parse_participant(value, ctx: Context) -> int:
    """An authority that takes part in the review being imported."""
    authority_id = parse_authority(value, ctx)
    if ctx.participants and authority_id not in ctx.participants:
        raise CellError(f"is {ctx.authority_name(authority_id)}, which does not take part in this review")
    return authority_id


def code_lookup(ctx: Context, name: str, load: Callable[[Context], dict]) -> dict:
    """A per-import lookup table, loaded on first use."""
    if name not in ctx.lookups:
        ctx.lookups[name] = load(ctx)
    return ctx.lookups[name]


def listing(codes: Iterable[str], limit: int = 8) -> str:
    codes = sorted(codes)
    if len(codes) > limit:
        return ", ".join(codes[:limit]) + f" and {len(codes) - limit} more"
    return ", ".join(codes) or "none"


class ImportKind:
    """One kind of file: its columns, its rules, how it is written and exported.

    Subclasses define `name`, `columns`, `key` (the columns that identify a row) and
    implement `check`, `write` and `export_rows`.
    """

    name: str = ""
    summary: str = ""
    review_scoped: bool = True
    columns: tuple[Column, ...] = ()
    key: tuple[str, ...] = ()
    key_words: str = ""  # how to describe the key in a message, e.g. "authority and milestone"

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def parse(self, raw: RawRow, ctx: Context, problems: list[Problem]) -> Record | None:
        values: dict[str, object] = {}
        ok = True
        for column in self.columns:
            cell = raw.values.get(column.name)
            if is_blank(cell):
                values[column.name] = None
                if column.required:
                    problems.append(Problem(raw.number, column.name, "", "a value is required"))
                    ok = False
                continue
            try:
                values[column.name] = column.parse(cell, ctx)
            except CellError as exc:
                problems.append(Problem(raw.number, column.name, shown(cell), str(exc)))
                ok = False
        if not ok:
            return None
        record = Record(raw.number, values, raw.values)
        before = len(problems)
        self.check_row(record, ctx, problems)
        return record if len(problems) == before else None

    def check_row(self, record: Record, ctx: Context, problems: list[Problem]) -> None:
        """Rules within one row (dates in order, blanks where a kind needs them)."""

    def row_key(self, record: Record) -> tuple:
        return tuple(record[k] for k in self.key)

    def check_duplicates(self, records: list[Record], problems: list[Problem]) -> None:
        first: dict[tuple, int] = {}
        for record in records:
            k = self.row_key(record)
            if k in first:
                column = self.key[-1]
                problems.append(Problem(record.row, column, record.shown(column),
                                        f"repeats row {first[k]}: the same {self.key_words} appears twice"))
            else:
                first[k] = record.row

    def check(self, records: list[Record], ctx: Context, problems: list[Problem]) -> None:
        """Rules across rows and against the database. Records here passed their row rules."""
        self.check_duplicates(records, problems)

    def write(self, records: list[Record], ctx: Context, counts) -> set[str]:
        """Write the records by natural key; returns the names of tables whose rows changed."""
        raise NotImplementedError

    def export_rows(self, session: Session, review_id: int | None) -> list[dict]:
        raise NotImplementedError

    def example_row(self) -> dict:
        return {c.name: c.example for c in self.columns}
