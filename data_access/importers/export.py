"""Writing review data, or an empty template, in exactly the format the importer reads."""
from __future__ import annotations

import csv
import datetime as dt
import os
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import select

from .. import models as m
from ..db import Database
from .csv_safety import escape_cell, workbook_cell
from .kinds import get_kind
from .problems import UsageError

EXPORT_SUFFIXES = (".csv", ".xlsx")


def cell_text(value):
    """A value as it goes into a CSV cell: dates in ISO form, yes/no, text escaped against formulas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return escape_cell(value)


def _check_path(path: Path) -> None:
    if path.suffix.lower() not in EXPORT_SUFFIXES:
        raise UsageError(f"'{path.name}' must end in .csv or .xlsx")
    if not path.parent.is_dir():
        raise UsageError(f"there is no folder '{path.parent}' to write '{path.name}' into")


def write_rows(path: str | os.PathLike, headers: tuple[str, ...], rows: list[dict]) -> None:
    """Rows as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read it right) or XLSX."""
    path = Path(path)
    _check_path(path)
    if path.suffix.lower() == ".xlsx":
        _write_xlsx(path, headers, rows)
        return
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([cell_text(row.get(h)) for h in headers])


def _write_xlsx(path: Path, headers: tuple[str, ...], rows: list[dict]) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("data")
    sheet.append(list(headers))
    for row in rows:
        sheet.append([workbook_cell(sheet, row.get(h)) for h in headers])
    workbook.save(path)


def export_rows(db: Database, kind: str, review: str | None = None) -> tuple[tuple[str, ...], list[dict]]:
    """The current data of one kind (for one review) as rows of the import format."""
    spec = get_kind(kind)
    if getattr(spec, "workbook", False):
        raise UsageError(f"the {spec.name} kind is a workbook of several sheets, not one table")
    if spec.review_scoped and not review:
        raise UsageError(f"the {spec.name} kind belongs to one review: give it with --review SLUG")
    with db.reader() as s:
        review_id = _review_id(s, review) if review else None
        return spec.headers, spec.export_rows(s, review_id)


def _review_id(session, review: str) -> int:
    review_id = session.execute(select(m.Review.id).where(m.Review.slug == review)).scalar()
    if review_id is None:
        slugs = ", ".join(session.execute(select(m.Review.slug).order_by(m.Review.slug)).scalars())
        raise UsageError(f"there is no review '{review}'; the reviews are {slugs}")
    return review_id


def export_review_book(db: Database, path: str | os.PathLike, review: str | None) -> int:
    """A review's whole definition as the workbook `import review` reads; returns the number of sheets."""
    path = Path(path)
    _check_path(path)
    if path.suffix.lower() != ".xlsx":
        raise UsageError(f"a review is written as an Excel workbook with one sheet per part: '{path.name}' must end "
                         "in .xlsx")
    if not review:
        raise UsageError("give the review to write with --review SLUG")
    spec = get_kind("review")
    with db.reader() as s:
        content, rows = spec.export_book(s, _review_id(s, review))
    path.write_bytes(content)
    return rows


def export_kind(db: Database, kind: str, path: str | os.PathLike, review: str | None = None) -> int:
    """Write the current data to `path` (.csv or .xlsx); returns the number of rows written."""
    if getattr(get_kind(kind), "workbook", False):
        return export_review_book(db, path, review)
    _check_path(Path(path))
    headers, rows = export_rows(db, kind, review)
    write_rows(path, headers, rows)
    return len(rows)


def write_template(kind: str, path: str | os.PathLike) -> None:
    """The header and one example row, to fill in."""
    spec = get_kind(kind)
    if getattr(spec, "workbook", False):
        path = Path(path)
        if path.suffix.lower() != ".xlsx":
            raise UsageError(f"a review is defined by an Excel workbook with one sheet per part: '{path.name}' must "
                             "end in .xlsx")
        _check_path(path)
        path.write_bytes(spec.template_book())
        return
    example = {k: (v if v != "" else None) for k, v in spec.example_row().items()}
    write_rows(path, spec.headers, [example])
