"""What every import kind shares: column definitions, lookups, row parsing, duplicate keys."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import models as m
from ..reference import is_official_form, is_total, resolve_authority, suggest_authority
from .cells import is_blank, is_clear, shown, uk_date
from .header import RawRow
from .notes import INSERT, UPDATE, Change, Notes, shown_value
from .problems import CellError, Problem

CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# How far a timeline or progress date may lie outside its review's dates before it is taken for a typo.
DAYS_BEFORE_REVIEW = 90
DAYS_AFTER_REVIEW = 365


@dataclass(frozen=True)
class Column:
    """One column of an import format: its header, what it holds, an example, how to read it."""

    name: str
    meaning: str
    example: object
    parse: Callable[[object, Context], object]
    required: bool = True  # the cell may not be blank
    blank_means: str = ""  # for documentation: what a blank cell means where blanks are allowed
    header_optional: bool = False  # the column may be left out of the header altogether
    show: Callable[[object, Context], str] | None = None  # a parsed value as the change list shows it


@dataclass
class Record:
    """A parsed row: the values by column name, and the cells as the user wrote them."""

    row: int
    values: dict[str, object]
    raw: dict[str, object]
    blank: set[str] = field(default_factory=set)  # optional cells left blank: the stored value stays
    cleared: set[str] = field(default_factory=set)  # optional cells holding CLEAR: the stored value goes

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
    notes: Notes = field(default_factory=Notes)
    review_dates: tuple[dt.date, dt.date] | None = None  # the review's start and end
    stored: dict[tuple, dict] = field(default_factory=dict)  # the stored rows the file's rows match

    @classmethod
    def load(cls, session: Session, review_slug: str | None) -> Context:
        ctx = cls(session=session, review_slug=review_slug)
        for aid, code, name in session.execute(select(m.LocalAuthority.id, m.LocalAuthority.gss_code,
                                                      m.LocalAuthority.name)):
            ctx.authority_ids[code] = aid
            ctx.authority_names[aid] = name
        if review_slug:
            found = session.execute(select(m.Review.id, m.Review.starts_on, m.Review.ends_on)
                                    .where(m.Review.slug == review_slug)).first()
            if found is not None:
                ctx.review_id, ctx.review_dates = found[0], (found[1], found[2])
                ctx.participants = set(session.execute(
                    select(m.ReviewAuthority.authority_id).where(m.ReviewAuthority.review_id == ctx.review_id)
                ).scalars())
        return ctx

    def authority_name(self, authority_id: int) -> str:
        return self.authority_names.get(authority_id, str(authority_id))


def parse_authority(value, ctx: Context) -> int:
    """An authority by any name or code publishers use; each name read other than as written is noted."""
    code = resolve_authority(str(value))
    if code is None or code not in ctx.authority_ids:
        near = suggest_authority(str(value))
        hint = f"; did you mean {near}?" if near else ""
        raise CellError(f"is not one of Scotland's 32 local authorities{hint}")
    if not is_official_form(value):
        ctx.notes.read_as(shown(value).strip(), code)
    return ctx.authority_ids[code]


def parse_authority_code(value, ctx: Context) -> int:
    """The GSS code exports write beside the name (old codes are accepted)."""
    code = resolve_authority(str(value))
    if code is None or not re.fullmatch(r"[sS]\d{8}", str(value).strip()):
        raise CellError("is not the GSS code of one of Scotland's 32 local authorities (S12 and six digits)")
    return ctx.authority_ids[code]


AUTHORITY_MEANING = ("The local authority: its name as councils and national bodies write it (`Edinburgh, City "
                     "of`, `Western Isles`, `Argyll & Bute`, `East Lothian(2)` and the like are understood, and "
                     "listed in the report) or its GSS code (old codes are accepted). It must take part in the "
                     "review. A row for Scotland or a total is skipped.")


AUTHORITY_CODE = Column(
    "gss_code", "The authority's GSS code, which exports write beside its name. The column may be left out; "
    "when given, it must be the code of the authority named (old codes are accepted).", "S12000027",
    parse_authority_code, required=False, header_optional=True, blank_means="the name alone is used")


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
    review_date_columns: tuple[str, ...] = ()  # dates that must lie near the review's own dates

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required_headers(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if not c.header_optional)

    @property
    def optional_headers(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.header_optional)

    def parse(self, raw: RawRow, ctx: Context, problems: list[Problem]) -> Record | None:
        """Read a row's cells; None when a cell is wrong, or when the row is a total (noted, skipped)."""
        if "authority" in raw.values and is_total(raw.values["authority"]):
            ctx.notes.totals.append((raw.number, shown(raw.values["authority"]).strip()))
            return None
        values: dict[str, object] = {}
        blank, cleared = set(), set()
        ok = True
        for column in self.columns:
            cell = raw.values.get(column.name)
            if is_blank(cell) or (is_clear(cell) and not column.required):
                values[column.name] = None
                if column.required:
                    problems.append(Problem(raw.number, column.name, "", "a value is required"))
                    ok = False
                (cleared if is_clear(cell) else blank).add(column.name)
                continue
            try:
                values[column.name] = column.parse(cell, ctx)
            except CellError as exc:
                rule = str(exc)
                if is_clear(cell):
                    rule = "is the word CLEAR, which empties a cell, but this column always needs a value"
                problems.append(Problem(raw.number, column.name, shown(cell), rule))
                ok = False
        if not ok:
            return None
        if values.get("gss_code") is not None and values["gss_code"] != values.get("authority"):
            problems.append(Problem(raw.number, "gss_code", shown(raw.values["gss_code"]),
                                    f"is the code of {ctx.authority_name(values['gss_code'])}, but the authority "
                                    f"column says {ctx.authority_name(values['authority'])}"))
            return None
        return Record(raw.number, values, raw.values, blank, cleared)

    # -- blanks, and what would change ---------------------------------------------------
    def stored(self, records: list[Record], ctx: Context) -> dict[tuple, dict]:
        """The stored rows these records match, by row key: each row's value columns, as `parse` reads them."""
        return {}

    def fill_blanks(self, records: list[Record], ctx: Context) -> None:
        """A blank cell in a row that is already stored keeps the stored value: blank never erases."""
        ctx.stored = self.stored(records, ctx)
        for record in records:
            old = ctx.stored.get(self.row_key(record))
            if old:
                for name in record.blank & old.keys():
                    record.values[name] = old[name]

    def describe_key(self, record: Record) -> str:
        return " / ".join(record.shown(k).strip() for k in self.key)

    def changes(self, records: list[Record], ctx: Context) -> list[Change]:
        """Every row that would be inserted, and every cell that would change, before and after."""
        shows = {c.name: c.show for c in self.columns if c.show}
        out = []
        for record in records:
            old = ctx.stored.get(self.row_key(record))
            if old is None:
                out.append(Change(record.row, self.describe_key(record), INSERT))
                continue
            cells = tuple(
                (name, *(shows[name](v, ctx) if name in shows and v is not None else shown_value(v)
                         for v in (before, record[name])))
                for name, before in old.items() if before != record[name])
            if cells:
                out.append(Change(record.row, self.describe_key(record), UPDATE, cells))
        return out

    def check_review_dates(self, records: list[Record], ctx: Context, problems: list[Problem]) -> None:
        """Dates given for a review's timeline lie near the review: not months before it or a year after."""
        if ctx.review_dates is None or not self.review_date_columns:
            return
        for record in records:
            self._check_dates_near_review(record, ctx, problems)

    def _check_dates_near_review(self, record: Record, ctx: Context, problems: list[Problem]) -> None:
        starts, ends = ctx.review_dates
        for name in self.review_date_columns:
            day = record[name]
            if day is None or name in record.blank:
                continue
            if day < starts - dt.timedelta(days=DAYS_BEFORE_REVIEW):
                problems.append(Problem(record.row, name, record.shown(name),
                                        f"is {uk_date(day)}, more than {DAYS_BEFORE_REVIEW} days before the review "
                                        f"starts ({uk_date(starts)}): is the year right?"))
            elif day > ends + dt.timedelta(days=DAYS_AFTER_REVIEW):
                problems.append(Problem(record.row, name, record.shown(name),
                                        f"is {uk_date(day)}, more than {DAYS_AFTER_REVIEW} days after the review "
                                        f"ends ({uk_date(ends)}): is the year right?"))

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
