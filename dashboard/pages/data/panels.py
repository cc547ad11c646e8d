"""The Data page's panels: import history, rows held and data-quality warnings, each from one read.

These are tables without charts: each panel is `Panel(summary, None, table)`. The page's callback
and the CSV downloads call the same functions, so each number is read once and written in one place.
"""
from __future__ import annotations

from dashboard.context import Ask
from dashboard.ui.panel import Panel
from data_access import quality

# Who may import review data (SPEC section 4): the page, its callbacks and its downloads alike.
IMPORT_ROLES = frozenset({"admin", "inspector"})

HISTORY_COLUMNS = {
    "at": "When", "kind": "Kind", "review_slug": "Review", "filename": "File", "status": "Outcome",
    "rows_inserted": "Inserted", "rows_updated": "Updated", "rows_unchanged": "Unchanged",
    "problems": "Problems", "username": "By", "data_version": "Data version",
}


def history_panel(ask: Ask) -> Panel:
    """Every import attempt, newest first, and how many were written."""
    history = quality.import_history(ask.db).rename(columns=HISTORY_COLUMNS)
    imported = int((history["Outcome"] == "imported").sum()) if not history.empty else 0
    return Panel(f"{len(history)} import attempts recorded, {imported} imported.", None, history)


def counts_panel(ask: Ask) -> Panel:
    """How many rows each table of review data holds."""
    counts = quality.row_counts(ask.db)
    return Panel(f"{int(counts.Rows.sum()):,} rows of review data in {len(counts)} tables.", None, counts)


def quality_panel(ask: Ask) -> Panel:
    """What to look at before trusting the charts, as of the as-of date."""
    warnings = quality.quality_warnings(ask.db, ask.day)
    summary = ("No data-quality warnings." if warnings.empty else
               f"{len(warnings)} warnings to look at before trusting the charts.")
    return Panel(summary, None, warnings)


PANELS = {"data-history": history_panel, "data-counts": counts_panel, "data-quality": quality_panel}
