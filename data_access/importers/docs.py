"""The import formats as Markdown, generated from the column definitions (docs/import-formats.md)."""
from __future__ import annotations

from .base import DAYS_AFTER_REVIEW, DAYS_BEFORE_REVIEW
from .cells import CLEAR
from .export import cell_text
from .kinds import KINDS
from .readers import DEFAULT_MAX_UPLOAD_MB, MAX_SHEET_COLUMNS, MAX_SHEET_ROWS
from .review import SHEET_SUMMARY, SHEETS
from .surveys import LATE_RETURN_DAYS

INTRO = f"""# Import formats

Generated from `data_access/importers/` by `python -m data_access.importers.docs`; do not edit by hand.

`oversight import KIND PATH [--review SLUG] [--dry-run] [--strict] [--report REPORT.csv]` reads a
CSV (UTF-8, with or without a byte-order mark, or Windows-1252) or an Excel `.xlsx` workbook
(the first worksheet). `oversight export KIND PATH [--review SLUG]` writes the current data
in exactly this format, and `oversight template KIND PATH` writes the header and one example row.

Rules for every kind:

- The header is the first row that holds the column names below: title rows, a source line or
  blank rows above it are skipped, and the report says where the header was found ("header
  found on row 4"). Every column marked required must be there, spelled exactly as shown (lower
  case): a column called `Authority` is rejected, never renamed. Columns may be in any order.
  Repeated headers are rejected.
- Other columns (a publisher's own codes, rates, an unnamed index column) are ignored and
  listed in the report. With `--strict` they are refused instead, as are blank headers: use it
  when a file should hold exactly this format and nothing else.
- A file is imported whole or not at all. The report lists every problem by row (as the
  spreadsheet numbers it), column, value and rule, and then notes: how the file was read.
  Notes never reject a file.
- Rows are matched on the key columns of each kind: a matching row is updated, a new one
  inserted. A row left out of the file deletes nothing. Importing the same file again
  changes nothing. `--dry-run` (and the check on `/data`) lists what would change: each new
  row, and each updated cell with its value before and after.
- **A blank cell never erases.** In a row that is already stored, a blank optional cell keeps
  the stored value. To empty a stored value, write the word `{CLEAR}` (any case) in the cell.
  Spreadsheet formula escaping leaves `{CLEAR}` alone. `{CLEAR}` in a column that always needs a
  value is rejected.
- Authorities may be written as their official name, their GSS code (old codes included) or
  the forms councils and national bodies publish: `Edinburgh, City of`, `City of Glasgow`,
  `Edinburgh City`, `The Highland Council`, `Scottish Borders, The`, `Argyll & Bute`,
  `Perth & Kinross`, `Eilean Siar`, `Na h-Eileanan an Iar`, `Western Isles (Na h-Eileanan Siar)`,
  `Comhairle nan Eilean Siar`, `Orkney`, `Shetland`, in any case and spacing, with footnote
  marks such as `East Lothian(2)` or `Fife*`. Each name read other than as written is listed
  in the report ("read 'Edinburgh City' as City of Edinburgh (S12000036): 14 rows"). An
  unknown name is rejected, with "did you mean" when one is close. A row for Scotland or a
  total (`Scotland`, `Total`, `All local authorities`, `S92000003`) is skipped and listed;
  so are notes below the data (`Source: ...`, `(1) ...`).
- Exports write the authority's GSS code in a `gss_code` column beside its name. Import
  accepts the column (or its absence); when given, the code must be the named authority's.
- Dates: `2024-09-03`, `03/09/2024` (day first), `20240903`, `3 September 2024`, Excel date
  cells or date numbers. Forms that can be read two ways are rejected: two-digit years
  (`03/09/24`) and year-first dates with slashes (`2024/03/09`). A number that is not a date
  is rejected with what it looks like (a year, a year and month, a count).
- Dates are checked against the review: timeline and progress dates more than
  {DAYS_BEFORE_REVIEW} days before the review starts or {DAYS_AFTER_REVIEW} days after it ends, survey
  responses outside their survey's window (before it opens, or after it closes), and a phase
  starting before the phase before it, are rejected with the row and the rule. A survey may take
  late returns up to a day set in the review workbook (`late_returns_until` on its surveys
  sheet): responses dated after the close but by that day are accepted and listed in the report
  as late returns. (The demonstration surveys take them for {LATE_RETURN_DAYS} days.)
- Counts are whole numbers, 0 or more; `4,011` is read as 4011; percentages are rejected.
- Text starting with `=`, `+`, `-`, `@`, a tab or a carriage return is written by export
  with a leading `'` so that spreadsheet programs do not run it as a formula; import removes
  that `'` again.
- Files larger than `OVERSIGHT_MAX_UPLOAD_MB` (default {DEFAULT_MAX_UPLOAD_MB:g} MB), empty files, files that
  are not what their name says, macro-enabled workbooks (`.xlsm`, or a workbook holding
  `vbaProject.bin`), workbooks declaring XML entities, and sheets declaring or holding more
  than {MAX_SHEET_ROWS:,} rows or {MAX_SHEET_COLUMNS} columns are rejected.
"""


def _cell(value) -> str:
    text = str(cell_text(value))
    return f"`{text}`" if text else "(blank)"


def _columns_table(kind, parts: list[str]) -> None:
    parts.append("| column | required | meaning | example |\n| --- | --- | --- | --- |")
    for c in kind.columns:
        required = "yes" if c.required else (f"no (blank: {c.blank_means})" if c.blank_means else "no")
        if c.header_optional:
            required = "no; the column may be left out"
        parts.append(f"| `{c.name}` | {required} | {c.meaning} | {_cell(c.example)} |")


REVIEW_INTRO = """
## `review`: a whole review, defined by one workbook

`oversight template review review.xlsx` writes a workbook to fill in (an example row on each
sheet and a `guide` sheet describing every column); `oversight import review review.xlsx`
creates the review, or updates the review with the same slug; `oversight export review
review.xlsx --review SLUG` writes a stored review back in the same form, so that exporting and
importing again changes nothing. The same workbook can be checked and imported on the Data page.
The demonstration reviews are loaded this way too.

The workbook is read whole or not at all, like every other import: each problem names its
sheet, row, column, value and rule. Sheets are found by name (any case); a sheet left out, or
holding only its header, changes nothing; other sheets (such as `guide`) are ignored and
listed. Rows are matched on their key within the review, a blank cell never erases and `CLEAR`
empties, as above. Nothing is deleted: a phase, milestone, survey or theme left out of the
workbook stays as stored. A closed or archived review refuses the import until it is reopened.

Each authority taking part gets a row for every per-authority milestone that applies to it,
due on the milestone's date or on its own date from the `partnerships` sheet (a rolling
programme such as the joint inspections, where each partnership's stages fall on its own
dates). Progress, survey counts, theme tallies and document returns are imported with the
kinds below, once the review exists. No sheet holds people's names: a co-ordinator is a user
account bound to an authority.
"""


def _review_markdown(kind, parts: list[str]) -> None:
    parts.append(REVIEW_INTRO)
    for sheet in SHEETS:
        parts.append(f"\n### sheet `{sheet.name}`\n\n{SHEET_SUMMARY[sheet.name]}\n")
        if sheet.name == "review":
            parts.append("Two columns, `field` and `value` (a third, `meaning`, is ignored), one row per field:\n")
        else:
            parts.append(f"Rows are matched on {sheet.key_words}.\n")
        _columns_table(sheet, parts)


def formats_markdown() -> str:
    parts = [INTRO]
    for kind in KINDS.values():
        if getattr(kind, "workbook", False):
            _review_markdown(kind, parts)
            continue
        scope = "`--review SLUG` required" if kind.review_scoped else "`--review SLUG` optional"
        parts.append(f"\n## `{kind.name}`\n\n{kind.summary} ({scope}.)\n")
        _columns_table(kind, parts)
    return "\n".join(parts) + "\n"


if __name__ == "__main__":  # pragma: no cover
    import sys

    sys.stdout.write(formats_markdown())
