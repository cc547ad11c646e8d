"""Formula-injection escaping for spreadsheet cells: a leading ' on export, removed on import.

A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return can run as a
formula when the file is opened in a spreadsheet program. Exports prefix such text with a
single quote; imports remove exactly one such quote again. Numbers are never altered, and
text that is only a number (`-5`, `+3.2`) is left as it is: it cannot be a formula.

Text that already starts with quotes before a trigger character (`'=x`) gains one more quote,
so `unescape_cell(escape_cell(text)) == text` for every text.
"""
from __future__ import annotations

import datetime as dt
import re

from openpyxl.cell import WriteOnlyCell

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

_ESCAPED = re.compile(r"^'+[=+\-@\t\r]")
_NEEDS_QUOTE = re.compile(r"^'*[=+\-@\t\r]")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def escape_cell(value):
    """The value as it should be written to a CSV or XLSX cell; non-text values unchanged."""
    if not isinstance(value, str) or not value:
        return value
    if _PLAIN_NUMBER.match(value):
        return value
    if _NEEDS_QUOTE.match(value):
        return "'" + value
    return value


def unescape_cell(value):
    """Undo `escape_cell`: remove the one quote it added; anything else is returned as it is."""
    if isinstance(value, str) and _ESCAPED.match(value):
        return value[1:]
    return value


def workbook_cell(sheet, value) -> WriteOnlyCell:
    """A value as export writes it into a workbook: yes/no, text escaped against formulas, dates as dates."""
    if isinstance(value, bool):
        value = "yes" if value else "no"
    elif isinstance(value, str):
        value = escape_cell(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"
    return cell
