"""Importing and exporting review data as CSV or XLSX: validate every row, then write all or nothing."""
from .command import CHECKED, IMPORTED, REJECTED, ImportCommand, ImportResult
from .csv_safety import escape_cell, unescape_cell
from .export import export_kind, export_rows, write_template
from .kinds import KINDS, get_kind
from .notes import INSERT, UPDATE, Change
from .problems import FileRejected, Problem, UsageError
from .readers import max_upload_bytes, set_max_upload_mb
from .report import (
    change_lines,
    describe,
    describe_change,
    summary_line,
    terminal_report,
    write_report_csv,
)

__all__ = [
    "CHECKED", "IMPORTED", "INSERT", "KINDS", "REJECTED", "UPDATE", "Change", "FileRejected", "ImportCommand",
    "ImportResult", "Problem", "UsageError", "change_lines", "describe", "describe_change", "escape_cell",
    "export_kind", "export_rows", "get_kind", "max_upload_bytes", "set_max_upload_mb", "summary_line",
    "terminal_report", "unescape_cell", "write_report_csv", "write_template",
]
