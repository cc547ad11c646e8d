"""Table rows for dash-ag-grid from a DataFrame: UK dates, suppressed cells kept as "c"."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from .format import cell, uk_date


def _cell(value):
    value = cell(value)
    if isinstance(value, (dt.date, pd.Timestamp)):
        return uk_date(value)
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def records(frame: pd.DataFrame) -> list[dict]:
    return [{c: _cell(v) for c, v in zip(frame.columns, row)} for row in frame.itertuples(index=False)]


def column_defs(frame: pd.DataFrame) -> list[dict]:
    defs = []
    for c in frame.columns:
        d = {"field": c}
        if pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c]):
            d["type"] = "numericColumn"
        defs.append(d)
    return defs
