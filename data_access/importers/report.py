"""The import report: problems as readable lines for the terminal, or as CSV rows to keep."""
from __future__ import annotations

import csv
import os
import re

from .command import CHECKED, REJECTED, ImportResult
from .csv_safety import escape_cell
from .notes import INSERT, Change
from .problems import Problem

REPORT_HEADERS = ("row", "column", "value", "rule")
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _printable(text: str, limit: int = 60) -> str:
    """A value safe to print on a terminal: no control or bidirectional characters, not too long."""
    text = _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256
                            else f"\\u{ord(m.group()):04x}", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(problem: Problem) -> str:
    """"Row 7, column authority: 'Edinbrugh' is not one of Scotland's 32 local authorities"."""
    where = []
    if problem.sheet:
        where.append(f"Sheet {_printable(problem.sheet, 40)}")
    if problem.row is not None:
        where.append(f"row {problem.row}" if where else f"Row {problem.row}")
    if problem.column:
        where.append(f"column {_printable(problem.column, 40)}")
    place = ", ".join(where) if where else "File"
    rule = _printable(problem.rule, 400)
    if problem.value:
        return f"{place}: '{_printable(problem.value)}' {rule}"
    return f"{place}: {rule}"


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def summary_line(result: ImportResult) -> str:
    what = f"{result.filename} ({result.kind}" + (f", {result.review})" if result.review else ")")
    if result.status == REJECTED:
        rows = {p.row for p in result.problems if p.row is not None}
        where = f" in {_plural(len(rows), 'row')}" if rows else ""
        tail = "Nothing was written." if result.dry_run else "Nothing was written; the attempt is recorded."
        prefix = "Dry run: would reject" if result.dry_run else "Rejected"
        return f"{prefix} {what}: {_plural(len(result.problems), 'problem')}{where}. {tail}"
    counts = f"{result.inserted:,} inserted, {result.updated:,} updated, {result.unchanged:,} unchanged"
    if result.status == CHECKED:
        return f"Dry run of {what}: would import with {counts}. Nothing was written."
    version = (f"data version {result.data_version}" if result.changed
               else f"nothing changed, data version stays {result.data_version}")
    return f"Imported {what}: {counts}; {version}."


def describe_change(change: Change) -> str:
    """"Row 5 (Highland, briefing): completed_on 20 August 2024 -> 22 August 2024"."""
    place = f"Row {change.row} ({_printable(change.key, 80)})"
    if change.action == INSERT:
        return f"{place}: new row"
    cells = "; ".join(f"{column} {_printable(before)} -> {_printable(after)}" for column, before, after in change.cells)
    return f"{place}: {cells}"


def change_lines(result: ImportResult, limit: int = 50) -> list[str]:
    """The updates cell by cell, then the inserted rows, as far as `limit` lines go."""
    updates = [c for c in result.changes if c.action != INSERT]
    inserts = [c for c in result.changes if c.action == INSERT]
    lines = [describe_change(c) for c in updates[:limit]]
    if len(updates) > limit:
        lines.append(f"... and {_plural(len(updates) - limit, 'more updated row')}")
    room = max(0, limit - len(lines))
    lines += [describe_change(c) for c in inserts[:room]]
    if len(inserts) > room:
        lines.append(f"... and {_plural(len(inserts) - room, 'more new row')}")
    return lines


def terminal_report(result: ImportResult, limit: int = 100, report_path: str | None = None) -> str:
    """Problems, notes and (for a dry run) the changes, then the summary line.

    `report_path` is where the CSV report is being written, if anywhere: the hint to write one is
    only given when it is not.
    """
    lines = [describe(p) for p in result.problems[:limit]]
    hidden = len(result.problems) - limit
    if hidden > 0:
        where = (f"the report {report_path} lists them all" if report_path
                 else "add --report PROBLEMS.csv to list them all")
        lines.append(f"... and {_plural(hidden, 'more problem')}: {where}.")
    lines += [f"Note: {_printable(note, 400)}" for note in result.notes]
    if result.status == CHECKED and result.changes:
        lines.append("Would change:")
        lines += ["  " + line for line in change_lines(result)]
    lines.append(summary_line(result))
    return "\n".join(lines)


def write_report_csv(path: str | os.PathLike, problems: list[Problem]) -> None:
    """The problems as CSV (row, column, value, rule), escaped against formulas like every export."""
    sheets = any(p.sheet for p in problems)  # a workbook of several parts: say which sheet each is on
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow((("sheet",) if sheets else ()) + REPORT_HEADERS)
        for p in problems:
            writer.writerow(([escape_cell(p.sheet or "")] if sheets else [])
                            + ["" if p.row is None else p.row, escape_cell(p.column or ""),
                               escape_cell(p.value or ""), escape_cell(p.rule)])
