"""What is wrong with an import file: one `Problem` per row, column, value and rule."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One reason to reject a file, located as the user sees it in a spreadsheet.

    `row` counts like the spreadsheet: the header is row 1, the first data row is row 2.
    It is None for a problem with the file as a whole. `column` is the header name, and `sheet`
    the worksheet where a file has several that are read.
    """

    row: int | None
    column: str | None
    value: str | None
    rule: str
    sheet: str | None = None  # the worksheet, in a workbook of several parts (a review's definition)

    def sort_key(self) -> tuple:
        return (self.sheet or "", self.row or 0, self.column or "", self.rule)


class FileRejected(Exception):
    """The file cannot be read as a table at all (empty, too big, not what its name says)."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.rule for p in problems))
        self.problems = problems


class UsageError(Exception):
    """The request itself is wrong (unknown kind, unknown review, missing --review)."""


class CellError(ValueError):
    """A cell's value breaks a rule; the message is the rule in plain words."""
