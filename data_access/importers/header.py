"""Finding the table in a grid of cells: the header below any title rows, the data, the notes under it.

What is read here is the shape of the file, not what the values mean: which row is the header,
which columns the format reads and which it ignores, which rows are data.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .csv_safety import unescape_cell
from .problems import FileRejected, Problem

# How far down a file the header may sit below title rows.
HEADER_SEARCH_ROWS = 30


@dataclass
class RawRow:
    number: int  # as the spreadsheet shows it
    values: dict[str, object]


@dataclass
class Table:
    headers: list[str]
    rows: list[RawRow] = field(default_factory=list)
    header_row: int = 1  # the spreadsheet row the header was found on
    ignored: list[str] = field(default_factory=list)  # columns the format does not read, as headed
    footnotes: list[int] = field(default_factory=list)  # rows below the data that are notes, skipped


def blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def column_letter(index: int) -> str:
    """Spreadsheet letters for a 0-based column index: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _clean(value):
    if isinstance(value, str):
        value = unescape_cell(value).strip()
        return value or None
    return value


def _near(header: str) -> str:
    return re.sub(r"\s+", "_", header.strip().lower())


def _find_header(rows: list[tuple[int, list]], known: tuple[str, ...]) -> int:
    """The index in `rows` of the header: the first row holding most of the column names.

    Real files often carry a title, a source line or a blank row above the header. When no row
    looks like the header, the first row is taken, so that its problems are reported.
    """
    names = {_near(k) for k in known}
    needed = max(1, (len(names) + 1) // 2)
    for index, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = {_near(str(c)) for c in cells if isinstance(c, str)} & names
        if len(found) >= needed:
            return index
    return 0


_FOOTNOTE_START = re.compile(r"^(source|sources|note|notes|footnote|footnotes|\(?\d{1,2}[).:]|\[\d{1,2}\]|\*|"
                             r"\u00a9|\(c\)|crown copyright|copyright|figures? |data )", re.IGNORECASE)


def _footnote_rows(data: list[tuple[int, list]]) -> int:
    """How many rows at the end of the data are notes: one text cell such as 'Source: ...' or '(1) ...'."""
    count = 0
    for _, cells in reversed(data):
        filled = [c for c in cells if not blank(c)]
        if len(filled) == 1 and isinstance(filled[0], str) and _FOOTNOTE_START.match(filled[0].strip()):
            count += 1
        else:
            break
    return count


def find_table(grid: list[tuple[int, list]], expected: tuple[str, ...], optional: tuple[str, ...] = (),
           strict: bool = False) -> Table:
    rows = [(n, cells) for n, cells in grid if not all(blank(c) for c in cells)]
    if not rows:
        raise FileRejected([Problem(None, None, None, "the file is empty")])
    known = expected + optional
    start = _find_header(rows, known)
    header_number, header_cells = rows[start]
    data = rows[start + 1:]
    notes = _footnote_rows(data)
    footnotes = [n for n, _ in data[len(data) - notes:]] if notes else []
    data = data[: len(data) - notes]
    if not data:
        raise FileRejected([Problem(None, None, None, "the file has a header but no rows of data")])

    raw_headers = ["" if c is None else str(c).strip() for c in header_cells]
    # Columns past the last named one that hold nothing at all are not columns (Excel leaves them).
    width = max((i + 1 for i, h in enumerate(raw_headers) if h), default=0)
    for _, cells in data:
        for i in range(width, len(cells)):
            if not blank(cells[i]):
                width = i + 1
    raw_headers = (raw_headers + [""] * width)[:width]

    def problem(column: str | None, value: str | None, rule: str) -> None:
        problems.append(Problem(header_number, column, value, rule))

    problems: list[Problem] = []
    ignored: list[str] = []
    used: dict[str, int] = {}
    lowered = {_near(e): e for e in known}
    for i, header in enumerate(raw_headers):
        letter = column_letter(i)
        if header in known:
            if header in used:
                problem(header, header, f"the column appears twice in the header (columns "
                                        f"{column_letter(used[header])} and {letter})")
            else:
                used[header] = i
            continue
        near = lowered.get(_near(header)) if header else None
        if near:
            problem(header, header, f"column names must be written exactly as '{near}' (lower case, no spaces): "
                                    "columns are never renamed for you")
        elif strict and not header:
            problem(f"column {letter}", "", "the header cell is blank: every column needs a name")
        elif strict:
            problem(header, header, "is not a column of this format; the columns are " + ", ".join(known))
        else:
            ignored.append(f"{header} (column {letter})" if header else f"column {letter} (no name)")
    for name in expected:
        if name not in used and not any(p.value and _near(p.value) == name for p in problems):
            problem(name, None, f"the required column '{name}' is missing")
    if problems:
        if start == 0 and not any(p.rule.startswith(("the column appears", "column names")) for p in problems) \
                and len(used) == 0:
            problem(None, None, "no row near the top of the file holds this format's column names ("
                    + ", ".join(expected) + "): is it the right kind of file?")
        raise FileRejected(problems)

    rows = []
    for number, cells in data:
        values = {}
        for header, i in used.items():
            values[header] = _clean(cells[i]) if i < len(cells) else None
        rows.append(RawRow(number, values))
    return Table(list(used), rows, header_number, ignored, footnotes)
