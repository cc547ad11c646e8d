"""The `review` kind: a whole review defined by one workbook, a sheet per part.

`oversight import review review.xlsx` creates the review or updates it by its slug, all or
nothing, with the same row-level report as every other import (each problem names its sheet);
`oversight export review review.xlsx --review SLUG` writes it back in the same form and
`oversight template review review.xlsx` writes an example to fill in. The demonstration reviews
are loaded this way too (seed_data.load), so the path is exercised on every fresh database.
"""
from __future__ import annotations

import dataclasses
import io
from dataclasses import dataclass, field

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import models as m
from ..reference import AUTHORITIES
from ..reviews import SHUT, shut_message
from ..writes import upsert_rows
from .base import Context, ImportKind, Record
from .csv_safety import escape_cell, workbook_cell
from .header import find_table
from .notes import Change
from .problems import FileRejected, Problem
from .readers import read_sheets
from .review_parts import AuthoritiesSheet, PublicationsSheet, QuestionsSheet, ReviewSheet
from .review_plan import MilestonesSheet, PartnershipsSheet, PhasesSheet, SurveysSheet, ThemesSheet

# In the order they are checked and written: each may rely on those before it.
SHEETS: tuple[ImportKind, ...] = (ReviewSheet(), AuthoritiesSheet(), QuestionsSheet(), PhasesSheet(),
                                  MilestonesSheet(), PartnershipsSheet(), SurveysSheet(), ThemesSheet(),
                                  PublicationsSheet())
SHEET_SUMMARY = {
    "review": "What the review is: one row per field (slug, title, kind, legal basis, summary, dates, state, "
              "whether it is a demonstration, feedback link, next update).",
    "authorities": "The authorities taking part, and the part each plays (all 32, or a list; never people's "
                   "names: a co-ordinator is a user account bound to an authority).",
    "questions": "The review questions or quality indicators the themes map to.",
    "phases": "The phases, in order, planned and actual.",
    "milestones": "The milestones: national steps, and steps tracked for each authority.",
    "partnerships": "For a rolling programme (or any staggered milestone): each authority's own due date.",
    "surveys": "The surveys: who is surveyed, whether responses are people, when they run, the target rate.",
    "themes": "The theme framework: themes, their sub-themes, and the question each maps to.",
    "publications": "What the review has published: title, date, link and downloads.",
}


@dataclass
class Book:
    """A checked workbook: each sheet's records and the context they were checked in."""

    slug: str | None = None
    sheets: list[tuple[ImportKind, list[Record], Context]] = field(default_factory=list)


def ensure_authorities(session: Session) -> None:
    """The 32 local authorities, the reference every review points at: added on a fresh database."""
    if session.execute(select(m.LocalAuthority.id).limit(1)).first() is not None:
        return
    upsert_rows(session, m.LocalAuthority, ["gss_code"], [
        {"gss_code": a.gss_code, "name": a.name, "family_group": a.family_group, "latitude": a.latitude,
         "longitude": a.longitude, "tile_col": a.tile_col, "tile_row": a.tile_row} for a in AUTHORITIES])


def _sheet_problems(name: str, problems: list[Problem]) -> list[Problem]:
    return [dataclasses.replace(p, sheet=name) for p in problems]


class ReviewKind(ImportKind):
    name = "review"
    summary = ("A whole review, defined by one Excel workbook with a sheet per part: " + ", ".join(SHEET_SUMMARY)
               + ". A workbook whose slug is already a review updates it; a new slug creates one.")
    review_scoped = False
    workbook = True
    columns = ()

    def check_book(self, filename: str, content: bytes, session: Session, *, strict: bool = False,
                   progress=None) -> tuple[list[Problem], Book, Context]:
        ensure_authorities(session)
        ctx = Context.load(session, None)
        book = Book()
        try:
            grids = read_sheets(filename, content)
        except FileRejected as exc:
            return exc.problems, book, ctx
        by_name = {name.strip().lower(): grid for name, grid in grids.items()}
        known = {sheet.name for sheet in SHEETS}
        extra = sorted(name for name in grids if name.strip().lower() not in known)
        if extra:
            ctx.notes.sheets.append("ignored " + ", ".join(repr(n) for n in extra)
                                    + (" (a sheet this workbook does not read)" if len(extra) == 1
                                       else " (sheets this workbook does not read)"))
        if "review" not in by_name:
            return [Problem(None, None, None, "the workbook has no sheet called 'review': it says which review this "
                                              "is (`oversight template review` writes an example)")], book, ctx
        problems: list[Problem] = []
        for sheet in SHEETS:
            found, records, sheet_ctx = self._check_sheet(sheet, by_name.get(sheet.name), ctx, strict)
            problems += _sheet_problems(sheet.name, found)
            book.sheets.append((sheet, records, sheet_ctx))
            if sheet.name == "review":
                if not records:
                    break  # without the review itself, nothing else can be checked
                if not self._enter_review(records[0], ctx, problems):
                    break
                book.slug = ctx.review_slug
        problems.sort(key=Problem.sort_key)
        return problems, book, ctx

    def _enter_review(self, review: Record, ctx: Context, problems: list[Problem]) -> bool:
        """Fix the review the other sheets belong to; False (with a problem) when it takes no imports."""
        ctx.review_slug = review["slug"]
        found = ctx.session.execute(select(m.Review.id, m.Review.status)
                                    .where(m.Review.slug == ctx.review_slug)).first()
        if found is not None and found[1] in SHUT:
            problems.append(Problem(None, None, None, shut_message(ctx.review_slug, found[1])))
            return False
        ctx.review_id = found[0] if found else None
        if review["starts_on"] and review["ends_on"]:
            ctx.review_dates = (review["starts_on"], review["ends_on"])
        return True

    def _check_sheet(self, sheet: ImportKind, grid, ctx: Context, strict: bool):
        sheet_ctx = dataclasses.replace(ctx, stored={})
        if grid is None or len(grid) <= 1:  # a part left out, or only its header: nothing to change
            self._after(sheet, [], sheet_ctx, ctx)
            return [], [], sheet_ctx
        headers = getattr(sheet, "sheet_headers", sheet.required_headers)
        optional = getattr(sheet, "sheet_optional", sheet.optional_headers)
        try:
            table = find_table(grid, headers, optional, strict)
        except FileRejected as exc:
            return exc.problems, [], sheet_ctx
        self._table_notes(sheet.name, table, ctx)
        problems: list[Problem] = []
        if isinstance(sheet, ReviewSheet):
            one = sheet.parse_rows(table.rows, sheet_ctx, problems)
            parsed = [one] if one is not None else []
        else:
            parsed = [r for r in (sheet.parse(raw, sheet_ctx, problems) for raw in table.rows) if r is not None]
        sheet.fill_blanks(parsed, sheet_ctx)
        records = []
        for record in parsed:
            before = len(problems)
            sheet.check_row(record, sheet_ctx, problems)
            if len(problems) == before:
                records.append(record)
        sheet.check(records, sheet_ctx, problems)
        sheet_ctx.review_dates = ctx.review_dates
        sheet.check_review_dates(parsed, sheet_ctx, problems)
        self._after(sheet, records, sheet_ctx, ctx)
        return problems, records, sheet_ctx

    @staticmethod
    def _table_notes(name: str, table, ctx: Context) -> None:
        if table.header_row != 1:
            ctx.notes.sheets.append(f"sheet {name}: header found on row {table.header_row}; the rows above it "
                                    "were read as titles and skipped")
        if table.ignored:
            ctx.notes.sheets.append(f"sheet {name}: ignored the columns {', '.join(table.ignored)}")

    @staticmethod
    def _after(sheet: ImportKind, records: list[Record], sheet_ctx: Context, ctx: Context) -> None:
        """What later sheets need from this one: who takes part, the questions, the milestones written."""
        if isinstance(sheet, AuthoritiesSheet):
            taking_part = {aid: old["participation"] for (aid,), old in sheet_ctx.stored.items()}
            taking_part.update(sheet.expand(records, sheet_ctx))
            ctx.lookups["taking_part"] = taking_part
            ctx.lookups["participations"] = set(taking_part.values())
            ctx.participants.clear()
            ctx.participants.update(taking_part)
        elif isinstance(sheet, QuestionsSheet):
            ctx.lookups["question_codes"] = {code for (code,) in sheet_ctx.stored} | {r["code"] for r in records}
        elif isinstance(sheet, MilestonesSheet):
            ctx.lookups["written_milestones"] = {r["code"]: (r["per_authority"], r["applies_to"], r["due_date"])
                                                 for r in records}

    # -- what would change, and writing -------------------------------------------------------
    def changes(self, book: Book, ctx: Context) -> list[Change]:
        out = []
        for sheet, records, sheet_ctx in book.sheets:
            out += [dataclasses.replace(c, key=f"{sheet.name}: {c.key}") for c in sheet.changes(records, sheet_ctx)]
        return out

    def write(self, book: Book, ctx: Context, counts) -> None:
        for sheet, records, sheet_ctx in book.sheets:
            if sheet.name == "review":
                sheet.write(records, sheet_ctx, counts)
                ctx.review_id = ctx.session.execute(select(m.Review.id)
                                                    .where(m.Review.slug == book.slug)).scalar_one()
                continue
            sheet_ctx.review_id = ctx.review_id
            if records or isinstance(sheet, PartnershipsSheet):
                sheet.write(records, sheet_ctx, counts)

    # -- writing a workbook --------------------------------------------------------------------
    def export_book(self, session: Session, review_id: int) -> tuple[bytes, int]:
        """The workbook, and how many rows it holds across its sheets."""
        parts = [(sheet, sheet.export_rows(session, review_id)) for sheet in SHEETS]
        return _workbook(parts), sum(len(rows) for _sheet, rows in parts)

    def template_book(self) -> bytes:
        rows = []
        for sheet in SHEETS:
            if isinstance(sheet, ReviewSheet):
                rows.append((sheet, [{"field": c.name, "value": c.example if c.example != "" else None,
                                      "meaning": c.meaning} for c in sheet.columns]))
            else:
                rows.append((sheet, [{k: (v if v != "" else None) for k, v in sheet.example_row().items()}]))
        return _workbook(rows, guide=True)


def write_book(rows: dict[str, list[dict]]) -> bytes:
    """A review workbook from rows by sheet name, as export writes it (sheets left out are left empty)."""
    return _workbook([(sheet, rows.get(sheet.name, [])) for sheet in SHEETS])


def _workbook(parts: list[tuple[ImportKind, list[dict]]], guide: bool = False) -> bytes:
    workbook = Workbook(write_only=True)
    for kind, rows in parts:
        sheet = workbook.create_sheet(kind.name)
        headers = list(getattr(kind, "sheet_headers", ())) + list(getattr(kind, "sheet_optional", ())) \
            or [c.name for c in kind.columns]
        sheet.append(headers)
        for row in rows:
            sheet.append([workbook_cell(sheet, row.get(h)) for h in headers])
    if guide:
        sheet = workbook.create_sheet("guide")
        sheet.append(["sheet", "column", "meaning", "when blank"])
        for kind in SHEETS:
            sheet.append([kind.name, "", SHEET_SUMMARY[kind.name], ""])
            if not isinstance(kind, ReviewSheet):
                for column in kind.columns:
                    sheet.append([kind.name, column.name, escape_cell(column.meaning),
                                  "required" if column.required else column.blank_means])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
