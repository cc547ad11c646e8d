"""Reading an uploaded CSV or XLSX file into a header and rows, refusing files that are unsafe.

Everything here is about the file as a file: its size, what it really is, its encoding, its
header. What the values mean is for the import kinds.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import PurePath

from .header import Table, blank, column_letter, find_table
from .problems import FileRejected, Problem

DEFAULT_MAX_UPLOAD_MB = 20.0
# A workbook is a zip of XML; its parts may expand well beyond the upload, but not without limit.
MAX_EXPANSION = 20
MAX_EXPANDED_BYTES = 400 * 1024 * 1024
# A sheet may declare or hold no more than this: the largest real file (100,000 daily counts, or a
# publisher's table with a column per year of age) fits well inside, a dimension bomb does not.
MAX_SHEET_ROWS = 250_000
MAX_SHEET_COLUMNS = 250

CSV_SUFFIXES = (".csv",)
XLSX_SUFFIXES = (".xlsx",)
MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlam", ".xlsb")
OLD_EXCEL_SUFFIXES = (".xls", ".xlt")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DTD_MARKERS = [m.encode(enc) for m in ("<!DOCTYPE", "<!ENTITY", "<!doctype", "<!entity")
                for enc in ("utf-8", "utf-16-le", "utf-16-be")]


# The largest file accepted. The app and the command line set it once at start-up from the checked
# setting OVERSIGHT_MAX_UPLOAD_MB (dashboard.settings); nothing here reads the environment.
_limit_mb = [DEFAULT_MAX_UPLOAD_MB]


def set_max_upload_mb(mb: float) -> None:
    if not mb > 0:
        raise ValueError("the upload limit must be above 0 MB")
    _limit_mb[0] = float(mb)


def max_upload_mb() -> float:
    """The largest file accepted, in MB."""
    return _limit_mb[0]


def max_upload_bytes() -> int:
    return int(max_upload_mb() * 1024 * 1024)


def _size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.1f} KB"


def _reject(rule: str) -> FileRejected:
    return FileRejected([Problem(None, None, None, rule)])


def check_size(size: int) -> None:
    if size == 0:
        raise _reject("the file is empty")
    if size > max_upload_bytes():
        raise _reject(f"the file is {_size_text(size)}, larger than the {max_upload_mb():g} MB allowed "
                      "(OVERSIGHT_MAX_UPLOAD_MB)")


def read_table(filename: str, content: bytes, expected: tuple[str, ...], *, optional: tuple[str, ...] = (),
               strict: bool = False) -> Table:
    """The file's header and non-blank rows, or FileRejected listing what is wrong with it.

    `expected` columns must all be in the header; `optional` ones may be. With `strict`, any
    other column is refused; without, it is ignored and listed in `Table.ignored`.
    """
    check_size(len(content))
    suffix = PurePath(filename).suffix.lower()
    if suffix in MACRO_SUFFIXES:
        raise _reject(f"'{suffix}' workbooks can carry macros and are not accepted: save it as .xlsx or .csv")
    if suffix in OLD_EXCEL_SUFFIXES:
        raise _reject(f"the old Excel '{suffix}' format is not accepted: save it as .xlsx or .csv")
    if suffix in CSV_SUFFIXES:
        grid = _csv_grid(content)
    elif suffix in XLSX_SUFFIXES:
        grid = _xlsx_grid(content)
    else:
        raise _reject(f"the file name must end in .csv or .xlsx, not '{suffix or PurePath(filename).name}'")
    return find_table(grid, expected, optional, strict)


# -- CSV ---------------------------------------------------------------------------------
_NOT_TEXT = [
    (b"PK\x03\x04", "it is a zip archive (perhaps an Excel workbook) with a .csv name"),
    (b"\xd0\xcf\x11\xe0", "it is an old-style Office file with a .csv name"),
    (b"%PDF", "it is a PDF document with a .csv name"),
    (b"\xff\xfe", "it is UTF-16 text: save it as 'CSV UTF-8'"),
    (b"\xfe\xff", "it is UTF-16 text: save it as 'CSV UTF-8'"),
]


def decode_text(content: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252, else rejected."""
    for magic, why in _NOT_TEXT:
        if content.startswith(magic):
            raise _reject(f"the file is not a CSV file: {why}")
    if b"\x00" in content:
        raise _reject("the file is not a CSV file: it contains binary data")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise _reject(
                f"the file is neither UTF-8 nor Windows-1252 text (byte {exc.start + 1} cannot be read)"
            ) from None
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise _reject(
            f"the file is not a CSV file: it contains the control character {bad.group()!r} on line {line}"
        )
    if not text.strip():
        raise _reject("the file is empty")
    return text


def _csv_grid(content: bytes) -> list[tuple[int, list]]:
    text = decode_text(content)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    grid = []
    try:
        for number, cells in enumerate(reader, start=1):
            grid.append((number, _within_caps(number, cells)))
    except csv.Error as exc:
        raise _reject(f"the file cannot be read as CSV near line {reader.line_num}: {exc}") from None
    return grid


# -- XLSX --------------------------------------------------------------------------------
def _scan_for_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether an XML part declares a DOCTYPE or entities (the vehicle of XML entity attacks)."""
    overlap = 32
    tail = b""
    with archive.open(info) as part:
        while True:
            chunk = part.read(1 << 20)
            if not chunk:
                return False
            window = tail + chunk
            if any(marker in window for marker in _DTD_MARKERS):
                return True
            tail = window[-overlap:]


def _check_workbook_archive(content: bytes) -> None:
    if not content.startswith(b"PK") or not zipfile.is_zipfile(io.BytesIO(content)):
        raise _reject("the file is not an Excel workbook: an .xlsx file is a zip archive and this is not one "
                      "(is it a CSV file with an .xlsx name?)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _reject("the file is not an Excel workbook: the zip archive is damaged") from None
    with archive:
        names = {i.filename.lower() for i in infos}
        if "[content_types].xml" not in names or "xl/workbook.xml" not in names:
            raise _reject("the file is a zip archive but not an Excel workbook")
        if any(n.endswith("vbaproject.bin") for n in names):
            raise _reject("the workbook contains macros (vbaProject.bin): save it as a plain .xlsx or .csv")
        if any(n.startswith(("xl/activex/", "xl/embeddings/")) for n in names):
            raise _reject("the workbook contains embedded objects or controls: save it as a plain .xlsx or .csv")
        expanded = sum(i.file_size for i in infos)
        if expanded > min(MAX_EXPANDED_BYTES, max(len(content) * MAX_EXPANSION, 50 * 1024 * 1024)):
            raise _reject(f"the workbook expands to {expanded / 1024 / 1024:.0f} MB, far more than its size: refused")
        try:
            types = archive.read("[Content_Types].xml")
            if b"macroEnabled" in types or b"vbaProject" in types:
                raise _reject("the workbook is macro-enabled: save it as a plain .xlsx or .csv")
            for info in infos:
                if info.filename.lower().endswith((".xml", ".rels", ".vml")) and _scan_for_dtd(archive, info):
                    raise _reject(f"the workbook's part '{info.filename}' declares a DOCTYPE or XML entities, "
                                  "which a spreadsheet never needs: refused")
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise _reject("the file is not an Excel workbook: the zip archive is damaged") from None


def _within_caps(number: int, cells: list) -> list:
    """The row, refused past the row cap or with a value past the column cap; empty cells trimmed."""
    if number > MAX_SHEET_ROWS:
        raise _reject(f"the file has more than {MAX_SHEET_ROWS:,} rows, more than any import needs: split it")
    if len(cells) > MAX_SHEET_COLUMNS:
        beyond = next((i for i in range(MAX_SHEET_COLUMNS, len(cells)) if not blank(cells[i])), None)
        if beyond is not None:
            raise _reject(f"row {number} has a value in column {column_letter(beyond)}, beyond the "
                          f"{MAX_SHEET_COLUMNS} columns read: delete the columns the import does not need")
        cells = cells[:MAX_SHEET_COLUMNS]
    return cells


def _check_declared_size(sheet) -> None:
    """Refuse a sheet whose declared used range is beyond the caps, before a row is read.

    openpyxl pads every row to the declared width and fills every declared row, so a 5 KB file
    declaring A1:XFD1048576 would otherwise build some 17 billion empty cells.
    """
    min_col, min_row = sheet.min_column or 1, sheet.min_row or 1
    max_col, max_row = sheet.max_column, sheet.max_row
    if max_col is None or max_row is None:
        return
    rows, columns = max_row - min_row + 1, max_col - min_col + 1
    if max_row > MAX_SHEET_ROWS or max_col > MAX_SHEET_COLUMNS:
        declared = f"{column_letter(min_col - 1)}{min_row}:{column_letter(max_col - 1)}{max_row}"
        raise _reject(f"the worksheet declares a used range of {declared} ({rows:,} rows by {columns:,} columns); "
                      f"at most {MAX_SHEET_ROWS:,} rows and {MAX_SHEET_COLUMNS} columns are read. Delete the "
                      "empty rows and columns around the data, or save the sheet as CSV")


def read_sheets(filename: str, content: bytes) -> dict[str, list[tuple[int, list]]]:
    """Every worksheet of an .xlsx workbook as (row number, cells) by sheet name, with the same checks."""
    check_size(len(content))
    suffix = PurePath(filename).suffix.lower()
    if suffix in MACRO_SUFFIXES:
        raise _reject(f"'{suffix}' workbooks can carry macros and are not accepted: save it as .xlsx")
    if suffix not in XLSX_SUFFIXES:
        raise _reject(f"a review is defined by an Excel workbook with one sheet per part: the file name must end "
                      f"in .xlsx, not '{suffix or PurePath(filename).name}' (`oversight template review` writes one)")
    return _xlsx_grids(content, first_only=False)


def _xlsx_grid(content: bytes) -> list[tuple[int, list]]:
    return next(iter(_xlsx_grids(content, first_only=True).values()))


def _xlsx_grids(content: bytes, *, first_only: bool) -> dict[str, list[tuple[int, list]]]:
    _check_workbook_archive(content)
    import openpyxl  # imported on first use: only workbook uploads pay for loading openpyxl
    from defusedxml import DefusedXmlException

    if not openpyxl.DEFUSEDXML:  # openpyxl parses with defusedxml only when it is importable and enabled
        raise _reject("workbooks cannot be read safely on this server (defusedxml is not in use): use CSV")
    grids: dict[str, list[tuple[int, list]]] = {}
    try:
        # Read-only mode streams the sheet's XML row by row instead of building the whole sheet.
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True, keep_links=False)
        try:
            if not workbook.worksheets:
                raise _reject("the workbook has no worksheets")
            for sheet in workbook.worksheets[:1] if first_only else workbook.worksheets:
                _check_declared_size(sheet)
                # The declared range is not trusted either way: too small, openpyxl would cut rows short.
                sheet.reset_dimensions()
                grid = grids.setdefault(sheet.title, [])
                for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                    cells = _within_caps(number, cells)
                    if not all(blank(c) for c in cells):
                        grid.append((number, list(cells)))
        finally:
            workbook.close()
    except FileRejected:
        raise
    except Exception as exc:
        cause = exc
        while cause is not None and not isinstance(cause, DefusedXmlException):
            cause = cause.__cause__ or cause.__context__  # openpyxl wraps parser errors in ValueError
        if cause is not None:
            raise _reject("the workbook declares XML entities or a DOCTYPE: refused") from None
        raise _reject(f"the file cannot be read as an Excel workbook ({type(exc).__name__})") from None
    return grids
