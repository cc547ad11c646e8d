"""Helpers shared by tests/test_import_*.py: files in each format, table checksums, batches and audit rows.

Their fixtures (`import_db_url`, `db`) are in conftest.py."""
from __future__ import annotations

import csv
import hashlib
import io
import zipfile

from sqlalchemy import select

from data_access import models as m
from data_access.db import Database
from data_access.importers import export_rows
from data_access.importers.export import cell_text


def table_checksums(db: Database) -> dict[str, str]:
    """A checksum of every review-data table's rows, in primary-key order."""
    out = {}
    with db.reader() as s:
        for model in m.REVIEW_DATA_TABLES:
            table = model.__table__
            rows = s.execute(select(table).order_by(*table.primary_key.columns)).all()
            out[table.name] = hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest()
    return out


def table_rows(db: Database, model) -> set[tuple]:
    table = model.__table__
    with db.reader() as s:
        return {tuple(r) for r in s.execute(select(table)).all()}


def batches(db: Database) -> list[m.ImportBatch]:
    with db.reader() as s:
        return list(s.execute(select(m.ImportBatch).order_by(m.ImportBatch.id)).scalars())


def audits(db: Database, action: str = "import") -> list[m.AuditEntry]:
    with db.reader() as s:
        return list(s.execute(select(m.AuditEntry).where(m.AuditEntry.action == action)
                              .order_by(m.AuditEntry.id)).scalars())


def exported(db: Database, kind: str, review: str | None) -> list[list[str]]:
    """The current data as the grid of strings an exported CSV holds (header first)."""
    headers, rows = export_rows(db, kind, review)
    return [list(headers)] + [[str(cell_text(r.get(h))) for h in headers] for r in rows]


def set_cell(grid: list[list], row: int, column: str, value) -> list[list]:
    """Change one cell, addressed as in a spreadsheet (header = row 1), in a copy of the grid."""
    grid = [list(r) for r in grid]
    grid[row - 1][grid[0].index(column)] = value
    return grid


def find_row(grid: list[list], **match) -> int:
    """The spreadsheet row number of the first row whose cells equal `match`."""
    header = grid[0]
    for number, cells in enumerate(grid[1:], start=2):
        if all(cells[header.index(k)] == v for k, v in match.items()):
            return number
    raise LookupError(match)


def csv_bytes(grid: list[list], encoding: str = "utf-8") -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out).writerows(grid)
    return out.getvalue().encode(encoding)


def xlsx_bytes(grid: list[list]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in grid:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def rezip(content: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    """A copy of a zip archive with some members replaced or added."""
    replace, add = replace or {}, add or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
        for name, data in add.items():
            dst.writestr(name, data)
    return out.getvalue()
