"""Datasets behind the data page's tables: import history, rows held, data-quality warnings."""
from __future__ import annotations

from data_access import quality

from .datasets import dataset

HISTORY_COLUMNS = {
    "at": "When", "kind": "Kind", "review_slug": "Review", "filename": "File", "status": "Outcome",
    "rows_inserted": "Inserted", "rows_updated": "Updated", "rows_unchanged": "Unchanged",
    "problems": "Problems", "username": "By", "data_version": "Data version",
}


@dataset("data-history")
def data_history(db, scope, params, day):
    return quality.import_history(db).rename(columns=HISTORY_COLUMNS)


@dataset("data-counts")
def data_counts(db, scope, params, day):
    return quality.row_counts(db)


@dataset("data-quality")
def data_quality(db, scope, params, day):
    return quality.quality_warnings(db, day)
