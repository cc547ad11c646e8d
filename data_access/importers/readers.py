"""Reading an uploaded CSV or XLSX file into a header and rows, refusing files that are unsafe.

Everything here is about the file as a file: its size, what it really is, its encoding, its
header. What the values mean is for the import kinds.
"""
from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

from .csv_safety import unescape_cell
from .problems import FileRejected, Problem

DEFAULT_MAX_UPLOAD_MB = 20.0
# A workbook is a zip of XML; its parts may expand well beyond the upload, but not without limit.
MAX_EXPANSION = 20
MAX_EXPANDED_BYTES = 400 * 1024 * 1024

CSV_SUFFIXES = (".csv",)
XLSX_SUFFIXES = (".xlsx",)
MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlam", ".xlsb")
OLD_EXCEL_SUFFIXES = (".xls", ".xlt")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DTD_MARKERS = [m.encode(enc) for m in ("<!DOCTYPE", "<!ENTITY", "<!doctype", "<!entity")
                for enc in ("utf-8", "utf-16-le", "utf-16-be")]


def max_upload_mb() -> float:
    """The largest file accepted, in MB, from OVERSIGHT_MAX_UPLOAD_MB (default 20)."""
    raw = os.environ.get("OVERSIGHT_MAX_UPLOAD_MB", "")
    try:
        mb = float(raw) if raw.strip() else DEFAULT_MAX_UPLOAD_MB
    except ValueError:
        mb = DEFAULT_MAX_UPLOAD_MB
    return mb if mb > 0 else DEFAULT_MAX_UPLOAD_MB


def max_upload_bytes() -> int:
    return int(max_upload_mb() * 1024 * 1024)


def _size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.1f} KB"


def column_letter(index: int) -> str:
    """Spreadsheet letters for a 0-based column index: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass
class RawRow:
    number: int  # as the spreadsheet shows it: the header is row 1
    values: dict[str, object]


@dataclass
class Table:
    headers: list[str]
    rows: list[RawRow] = field(default_factory=list)


def _reject(rule: str) -> FileRejected:
    return FileRejected([Problem(None, None, None, rule)])


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def check_size(size: int) -> None:
    if size == 0:
        raise _reject("the file is empty")
    if size > max_upload_bytes():
        raise _reject(f"the file is {_size_text(size)}, larger than the {max_upload_mb():g} MB allowed "
                      "(OVERSIGHT_MAX_UPLOAD_MB)")


def read_table(filename: str, content: bytes, expected: tuple[str, ...]) -> Table:
    """The file's header and non-blank rows, or FileRejected listing what is wrong with it."""
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
    return _table(grid, expected)


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
            grid.append((number, cells))
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


def _xlsx_grid(content: bytes) -> list[tuple[int, list]]:
    _check_workbook_archive(content)
    import openpyxl
    from defusedxml import DefusedXmlException

    if not openpyxl.DEFUSEDXML:  # openpyxl parses with defusedxml only when it is importable and enabled
        raise _reject("workbooks cannot be read safely on this server (defusedxml is not in use): use CSV")
    grid = []
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True, keep_links=False)
        try:
            if not workbook.worksheets:
                raise _reject("the workbook has no worksheets")
            sheet = workbook.worksheets[0]
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                grid.append((number, list(cells)))
        finally:
            workbook.close()
    except FileRejected:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure to parse means "not a workbook we can read"
        cause = exc
        while cause is not None and not isinstance(cause, DefusedXmlException):
            cause = cause.__cause__ or cause.__context__  # openpyxl wraps parser errors in ValueError
        if cause is not None:
            raise _reject("the workbook declares XML entities or a DOCTYPE: refused") from None
        raise _reject(f"the file cannot be read as an Excel workbook ({type(exc).__name__})") from None
    return grid


# -- header and rows ---------------------------------------------------------------------
def _clean(value):
    if isinstance(value, str):
        value = unescape_cell(value).strip()
        return value or None
    return value


def _table(grid: list[tuple[int, list]], expected: tuple[str, ...]) -> Table:
    rows = [(n, cells) for n, cells in grid if not all(_blank(c) for c in cells)]
    if not rows:
        raise _reject("the file is empty")
    header_number, header_cells = rows[0]
    if header_number != 1:
        raise FileRejected([Problem(1, None, None, "the first row must be the header, but it is blank")])
    data = rows[1:]
    if not data:
        raise _reject("the file has a header but no rows of data")

    raw_headers = ["" if c is None else str(c) for c in header_cells]
    # Columns past the last named one that hold nothing at all are not columns (Excel leaves them).
    width = max((i + 1 for i, h in enumerate(raw_headers) if h.strip()), default=0)
    for _, cells in data:
        for i in range(width, len(cells)):
            if not _blank(cells[i]):
                width = i + 1
    raw_headers = (raw_headers + [""] * width)[:width]

    problems: list[Problem] = []
    seen: dict[str, int] = {}
    lowered = {e.lower(): e for e in expected}
    for i, header in enumerate(raw_headers):
        letter = column_letter(i)
        if not header.strip():
            problems.append(Problem(1, f"column {letter}", "", "the header cell is blank: every column needs a name"))
            continue
        if header in seen:
            problems.append(Problem(1, header, header,
                                    f"the column appears twice in the header (columns {column_letter(seen[header])} "
                                    f"and {letter})"))
            continue
        seen[header] = i
        if header in expected:
            continue
        near = lowered.get(re.sub(r"\s+", "_", header.strip().lower()))
        if near:
            problems.append(Problem(1, header, header,
                                    f"column names must be written exactly as '{near}' (lower case, no spaces): "
                                    "columns are never renamed for you"))
        else:
            problems.append(Problem(1, header, header,
                                    "is not a column of this format; the columns are " + ", ".join(expected)))
    present = set(seen)
    for name in expected:
        if name not in present and not any(p.value and re.sub(r"\s+", "_", p.value.strip().lower()) == name
                                           for p in problems):
            problems.append(Problem(1, name, None, f"the required column '{name}' is missing"))
    if problems:
        raise FileRejected(problems)

    rows = []
    for number, cells in data:
        values = {}
        for i, header in enumerate(raw_headers):
            values[header] = _clean(cells[i]) if i < len(cells) else None
        rows.append(RawRow(number, values))
    return Table(raw_headers, rows)
