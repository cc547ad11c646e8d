"""The import formats as Markdown, generated from the column definitions (docs/import-formats.md)."""
from __future__ import annotations

from .export import cell_text
from .kinds import KINDS
from .readers import DEFAULT_MAX_UPLOAD_MB

INTRO = f"""# Import formats

Generated from `data_access/importers/` by `python -m data_access.importers.docs`; do not edit by hand.

`oversight import KIND PATH [--review SLUG] [--dry-run] [--report REPORT.csv]` reads a CSV
(UTF-8, with or without a byte-order mark, or Windows-1252) or an Excel `.xlsx` workbook
(the first worksheet). `oversight export KIND PATH [--review SLUG]` writes the current data
in exactly this format, and `oversight template KIND PATH` writes the header and one example row.

Rules for every kind:

- Row 1 is the header. Every column below must be there, spelled exactly as shown (lower
  case): a column called `Authority` is rejected, never renamed. Columns may be in any order.
  Unknown, blank or repeated headers are rejected.
- A file is imported whole or not at all. The report lists every problem by row (as the
  spreadsheet numbers it, header = row 1), column, value and rule.
- Rows are matched on the key columns of each kind: a matching row is updated, a new one
  inserted. A row left out of the file deletes nothing. Importing the same file again
  changes nothing.
- Dates: `2024-09-03`, `03/09/2024` (day first), `3 September 2024`, Excel date cells or date
  numbers. Forms that can be read two ways are rejected: two-digit years (`03/09/24`) and
  year-first dates with slashes (`2024/03/09`).
- Counts are whole numbers, 0 or more; `4,011` is read as 4011; percentages are rejected.
- Authorities may be written as their name, a common variant (`Edinburgh`, `Western Isles`,
  `Comhairle nan Eilean Siar`) or their GSS code, old codes included.
- Text starting with `=`, `+`, `-`, `@`, a tab or a carriage return is written by export
  with a leading `'` so that spreadsheet programs do not run it as a formula; import removes
  that `'` again.
- Files larger than `OVERSIGHT_MAX_UPLOAD_MB` (default {DEFAULT_MAX_UPLOAD_MB:g} MB), empty files, files that
  are not what their name says, macro-enabled workbooks (`.xlsm`, or a workbook holding
  `vbaProject.bin`) and workbooks declaring XML entities are rejected.
"""


def _cell(value) -> str:
    text = str(cell_text(value))
    return f"`{text}`" if text else "(blank)"


def formats_markdown() -> str:
    parts = [INTRO]
    for kind in KINDS.values():
        scope = "`--review SLUG` required" if kind.review_scoped else "`--review SLUG` optional"
        parts.append(f"\n## `{kind.name}`\n\n{kind.summary} ({scope}.)\n")
        parts.append("| column | required | meaning | example |\n| --- | --- | --- | --- |")
        for c in kind.columns:
            required = "yes" if c.required else (f"no (blank: {c.blank_means})" if c.blank_means else "no")
            parts.append(f"| `{c.name}` | {required} | {c.meaning} | {_cell(c.example)} |")
    return "\n".join(parts) + "\n"


if __name__ == "__main__":  # pragma: no cover
    import sys

    sys.stdout.write(formats_markdown())
