"""What an import tells its user besides problems: how the file was read, and what it changes.

Notes are information, never a reason to reject: the header was found below title rows,
columns were ignored, a total row was skipped, a name was read as an authority. Changes are
the rows an import inserts or updates, with the before and after of every changed cell.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from ..reference import AUTHORITY_BY_CODE
from .cells import uk_date

INSERT, UPDATE = "insert", "update"


@dataclass(frozen=True)
class Change:
    """One row the import inserts or updates; for an update, each changed cell as (column, before, after)."""

    row: int
    key: str
    action: str
    cells: tuple[tuple[str, str, str], ...] = ()


def shown_value(value) -> str:
    """A stored or parsed value as the change list shows it."""
    if value is None:
        return "(blank)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (dt.date, dt.datetime)):
        return uk_date(value)
    return str(value)


def _rows(numbers: list[int], limit: int = 6) -> str:
    label = "row" if len(numbers) == 1 else "rows"
    listed = ", ".join(str(n) for n in numbers[:limit])
    return f"{label} {listed}" + (f" and {len(numbers) - limit} more" if len(numbers) > limit else "")


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


@dataclass
class Notes:
    header_row: int = 1
    ignored: list[str] = field(default_factory=list)
    footnotes: list[int] = field(default_factory=list)
    names: Counter = field(default_factory=Counter)  # (as written, GSS code) -> rows
    totals: list[tuple[int, str]] = field(default_factory=list)  # (row, as written)
    late: dict[str, list] = field(default_factory=dict)  # survey code -> [closes_on, rows, most days late]
    sheets: list[str] = field(default_factory=list)  # how each sheet of a workbook of several parts was read

    def read_as(self, written: str, code: str) -> None:
        self.names[(written, code)] += 1

    def late_response(self, survey: str, closes_on: dt.date, day: dt.date) -> None:
        entry = self.late.setdefault(survey, [closes_on, 0, 0])
        entry[1] += 1
        entry[2] = max(entry[2], (day - closes_on).days)

    def lines(self) -> list[str]:
        out = []
        if self.header_row != 1:
            out.append(f"header found on row {self.header_row}; the rows above it were read as titles and skipped")
        if self.ignored:
            out.append(f"ignored {_plural(len(self.ignored), 'column')} this format does not read: "
                       + ", ".join(self.ignored))
        if self.footnotes:
            out.append(f"skipped {_plural(len(self.footnotes), 'note row')} below the data ({_rows(self.footnotes)})")
        if self.totals:
            written = sorted({w for _, w in self.totals})
            out.append(f"skipped {_plural(len(self.totals), 'row')} for Scotland or a total, not one authority "
                       f"({', '.join(repr(w) for w in written)}: {_rows([r for r, _ in self.totals])})")
        for (written, code), rows in sorted(self.names.items()):
            out.append(f"read '{written}' as {AUTHORITY_BY_CODE[code].name} ({code}): {_plural(rows, 'row')}")
        for survey, (closes_on, rows, days) in sorted(self.late.items()):
            out.append(f"{_plural(rows, 'row')} of survey {survey} arrived after it closed on {uk_date(closes_on)} "
                       f"(up to {_plural(days, 'day')} late): accepted as late returns")
        return out + self.sheets
