"""How a table leaves the dashboard for a spreadsheet: tidy rows, then CSV, XLSX (with an About sheet) or ZIP.

Tidy means a user opens the file and starts work: the header on the first row and nothing above it;
whole numbers written as whole numbers (36, not 36.0), zero as 0, a missing value as an empty cell,
a value withheld by disclosure control as `c`; an authority's GSS code beside its name; a matrix
with one column per authority turned into one row per authority. The facts about the file (title,
as-of date, filters, disclosure, demonstration label) travel beside it, never above the header.
Every text cell is escaped against formula injection, in CSV and XLSX alike.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import math
import zipfile

import pandas as pd
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from data_access.importers.csv_safety import escape_cell
from data_access.reference import AUTHORITIES

from .ui.format import cell

SCOTLAND = ("Scotland", "S92000003")  # the GSS code of Scotland as a whole
CODE_BY_NAME = {a.name: a.gss_code for a in AUTHORITIES} | {SCOTLAND[0]: SCOTLAND[1]}
CODE_COLUMNS = ("GSS code", "gss_code", "Code")


def plain(value):
    """A value as it is written to a file: whole numbers as int, 'c' when suppressed, None when missing."""
    value = cell(value)
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else (value.date() if value == value.normalize() and value.tz is None
                                            else value.to_pydatetime())
    if isinstance(value, (dt.date, str)):
        return value
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(number):
        return None
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def _area_columns(frame: pd.DataFrame) -> list[str]:
    """Columns named after an area (an authority or Scotland), when at least one is an authority."""
    areas = [c for c in frame.columns if c in CODE_BY_NAME]
    return areas if any(c != SCOTLAND[0] for c in areas) else []


def _names_column(frame: pd.DataFrame) -> str | None:
    """The column that names authorities (all its values are authority names, Scotland or groups)."""
    for column in frame.columns:
        values = {v for v in frame[column] if isinstance(v, str) and v}
        if values and any(v in CODE_BY_NAME and v != SCOTLAND[0] for v in values) and all(
                v in CODE_BY_NAME or v.startswith("Family group") for v in values):
            return column
    return None


def tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """The table as a spreadsheet user wants it (see the module's docstring)."""
    frame = frame.copy()
    frame.columns = [str(c) for c in frame.columns]
    wide = _area_columns(frame)
    if wide and len(wide) == len(frame.columns) - 1:
        # One column per area: one row per (row label, area) instead, so each area has its code.
        label = next(c for c in frame.columns if c not in wide)
        frame = frame.melt(id_vars=[label], value_vars=wide, var_name="Area", value_name="Value")
        frame = frame.sort_values([label], kind="stable").reset_index(drop=True)
    names = _names_column(frame)
    if names is not None:
        codes = [CODE_BY_NAME.get(v) if isinstance(v, str) else None for v in frame[names]]
        if "GSS code" in frame.columns:  # fill the codes left blank (Scotland beside the authorities)
            frame["GSS code"] = [have if isinstance(have, str) and have else code
                                 for have, code in zip(frame["GSS code"], codes)]
        elif not any(c in frame.columns for c in CODE_COLUMNS):
            frame.insert(list(frame.columns).index(names) + 1, "GSS code", codes)
    # Object columns keep each value as written: pandas would make a column of ints and blanks float.
    return pd.DataFrame({c: pd.Series([plain(v) for v in frame[c]], dtype=object) for c in frame.columns},
                        columns=frame.columns)


def _csv_field(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return escape_cell(value)


def csv_text(frame: pd.DataFrame) -> str:
    """CSV with the header on the first line, as `pandas.read_csv` reads it with no extra arguments."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([escape_cell(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False):
        writer.writerow([_csv_field(v) for v in row])
    return out.getvalue()


def _xlsx_value(value):
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # a spreadsheet cell has no time zone
    return escape_cell(value)


def _sheet(ws, rows: list[list]) -> None:
    for row in rows:
        ws.append([_xlsx_value(v) for v in row])
    for i, column in enumerate(ws.iter_cols(min_row=1, max_row=min(ws.max_row, 200)), start=1):
        width = max((len(str(c.value)) for c in column if c.value is not None), default=8)
        ws.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 8), 60)
        for c in column:
            if isinstance(c.value, dt.datetime):
                c.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(c.value, dt.date):
                c.number_format = "yyyy-mm-dd"
    ws.freeze_panes = "A2"


def xlsx_bytes(frame: pd.DataFrame, about: dict[str, str]) -> bytes:
    """A workbook: the data on its first sheet (header on the first row), the file's facts on 'About'."""
    book = Workbook()
    data = book.active
    data.title = "Data"
    _sheet(data, [list(map(str, frame.columns))] + [list(r) for r in frame.itertuples(index=False)])
    _sheet(book.create_sheet("About"), [["Field", "Value"]] + [[k, v] for k, v in about.items()])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zip_bytes(files: dict[str, str | bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in files.items():
            z.writestr(name, body)
    return out.getvalue()


def header_value(text: str) -> str:
    """Text as an HTTP header value: one line, Latin-1 only (dashes made plain, '?' for anything else)."""
    text = " ".join(str(text).split())
    return text.replace("\u2013", "-").replace("\u2014", "-").encode("latin-1", "replace").decode("latin-1")
