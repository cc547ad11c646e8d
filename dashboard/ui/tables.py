"""Table rows for dash-ag-grid from a DataFrame: UK dates, suppressed cells kept as "c", and each
authority's name a link to its profile for a caller who may open that profile."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from data_access.reference import AUTHORITIES
from data_access.scope import Scope

from .format import cell, uk_date

# Columns that name an authority ("Area" also holds Scotland and family groups, which have no profile; a
# joint inspection's partnership is named by its authority).
AUTHORITY_COLUMNS = ("Authority", "Area", "Partnership")
CODE_COLUMN = "GSS code"
PROFILE_FIELD = "_profile"  # a row's profile path; the grid shows it as the link behind the name
PROFILE_RENDERER = "ProfileLink"  # assets/dashAgGridComponentFunctions.js
_CODE_BY_NAME = {a.name: a.gss_code for a in AUTHORITIES}
_NAME_BY_CODE = {a.gss_code: a.name for a in AUTHORITIES}


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


def profile_path(code: str) -> str:
    return f"/local-authorities/{code}"


def name_column(frame: pd.DataFrame) -> str | None:
    return next((c for c in AUTHORITY_COLUMNS if c in frame.columns), None)


def link_profiles(frame: pd.DataFrame, rows: list[dict], columns: list[dict], scope: Scope) -> None:
    """Make each authority's name a link to its profile, in rows whose authority the caller may open.

    The code comes from the table's GSS code column, else from the authority's official name; a row
    the caller may not open (another authority, for a co-ordinator) keeps its name as plain text.
    """
    name = name_column(frame)
    if name is None or not scope.sees_any_authority:
        return
    linked = False
    for row in rows:
        code = row.get(CODE_COLUMN) if CODE_COLUMN in row else _CODE_BY_NAME.get(row.get(name))
        if code in _NAME_BY_CODE and scope.may_see_authority(code):
            row[PROFILE_FIELD] = profile_path(code)
            linked = True
    if linked:
        for d in columns:
            if d["field"] == name:
                d["cellRenderer"] = PROFILE_RENDERER
