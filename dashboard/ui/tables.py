"""Table rows for dash-ag-grid from a DataFrame: UK dates, suppressed cells kept as "c", and each
authority's name a link to its profile for a caller who may open that profile."""
from __future__ import annotations

import datetime as dt

import pandas as pd
from dash import html

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


def plain_table(frame: pd.DataFrame, scope: Scope, label: str) -> html.Div:
    """A small read-only table as plain HTML: headed columns, numbers to the right, each authority a link
    to its profile where the caller may open it. No script to load before it shows, and no Tab stops but
    its links and, as it may scroll sideways on a narrow screen, the table itself (named by `label`)."""
    if frame is None or len(frame.columns) == 0:
        return html.P("There is nothing to list.", className="panel-no-table")
    rows, columns = records(frame), column_defs(frame)
    link_profiles(frame, rows, columns, scope)
    numeric = {d["field"] for d in columns if d.get("type") == "numericColumn"}
    linked = {d["field"] for d in columns if d.get("cellRenderer") == PROFILE_RENDERER}

    def td(field, row):
        value = row.get(field)
        text = "" if value is None else (f"{value:,}" if isinstance(value, int) and not isinstance(value, bool)
                                         else str(value))
        if field in linked and row.get(PROFILE_FIELD):
            text = html.A(text, href=row[PROFILE_FIELD], className="profile-link")
        return html.Td(text, className="text-end" if field in numeric else None)

    fields = [d["field"] for d in columns]
    return html.Div(html.Table([
        html.Thead(html.Tr([html.Th(f, scope="col", className="text-end" if f in numeric else None)
                            for f in fields])),
        html.Tbody([html.Tr([td(f, row) for f in fields]) for row in rows]),
    ], className="table table-sm plain-table mb-0"), className="plain-table-scroll", role="region",
        tabIndex=0, **{"aria-label": label})
