"""How the data API answers: rows as JSON records or CSV, metadata headers, ETags and problem details."""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import math

import orjson
import pandas as pd
from flask import Response

from data_access.disclosure import is_suppressed
from data_access.importers.csv_safety import escape_cell

from .contract import Column, Shape

PROBLEM_TYPE = "application/problem+json"
DOCS_PATH = "/api/v1/docs"
CACHE_CONTROL = "private, no-cache"  # kept by the caller only, and checked with If-None-Match before reuse
VARY = "Authorization, Cookie"
TITLES = {400: "Bad request", 401: "Sign in first", 403: "Not in your scope", 404: "Not found",
          405: "Method not allowed", 500: "Server error"}


# -- problems (RFC 9457) -------------------------------------------------------------------------
def problem(status: int, detail: str, *, headers: dict | None = None) -> Response:
    """An RFC 9457 problem: `type` points at the reference page's explanation of the status."""
    body = {"type": f"{DOCS_PATH}#problem-{status}", "title": TITLES.get(status, "Error"), "status": status,
            "detail": detail}
    resp = Response(orjson.dumps(body), status=status, mimetype=PROBLEM_TYPE, headers=headers or {})
    resp.headers["Cache-Control"] = "no-store"
    return resp


# -- suppressed values -----------------------------------------------------------------------------
def split_suppressed(frame: pd.DataFrame, columns) -> pd.DataFrame:
    """Each of `columns` with its suppressed values as None and `<column>_suppressed` (bool) beside it."""
    out = frame.copy()
    for name in columns:
        flags = [is_suppressed(v) for v in out[name]]
        out[name] = pd.Series([None if f else v for f, v in zip(flags, out[name])], index=out.index, dtype=object)
        out.insert(out.columns.get_loc(name) + 1, f"{name}_suppressed", flags)
    return out


# -- values ------------------------------------------------------------------------------------
def _missing(value) -> bool:
    if value is None or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _typed(value, column: Column):
    """A cell as the contract says its column is typed: None when missing, else int, float, bool, date."""
    if _missing(value) or is_suppressed(value):
        return None if _missing(value) else value
    if column.type == "integer":
        return int(value)
    if column.type == "number":
        return float(value)
    if column.type == "boolean":
        return bool(value)
    if column.type == "date":
        return (value.date() if isinstance(value, dt.datetime) else value).isoformat()
    return str(value)


def conform(frame: pd.DataFrame, shape: Shape) -> list[dict]:
    """The frame's rows as the shape's columns, in the shape's order, typed (suppressed markers kept)."""
    names = [c.name for c in shape.columns]
    missing = [n for n in names if n not in frame.columns]
    if missing:
        raise KeyError(f"{shape.name} rows lack {missing}")
    return [{c.name: _typed(v, c) for c, v in zip(shape.columns, row)}
            for row in frame[names].itertuples(index=False, name=None)]


def json_body(rows: list[dict], shape: Shape) -> bytes:
    """A top-level array of records; suppressed numbers are null with a `_suppressed` flag beside them."""
    suppressible = [c.name for c in shape.columns if c.suppressible]
    if suppressible:
        frame = split_suppressed(pd.DataFrame(rows, columns=[c.name for c in shape.columns]), suppressible)
        rows = [{k: (None if _missing(v) else v) for k, v in r.items()} for r in frame.to_dict("records")]
    return orjson.dumps(rows)


def csv_body(rows: list[dict], shape: Shape) -> str:
    """Header on the first line; integers as integers, missing as empty, suppressed as `c`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.name for c in shape.columns])
    for row in rows:
        writer.writerow(["" if row[c.name] is None else escape_cell(_csv_text(row[c.name]))
                         for c in shape.columns])
    return out.getvalue()


def _csv_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# -- caching ----------------------------------------------------------------------------------
def etag(*, version: int, as_of: dt.date, role: str | None, authority: str | None, k: int, url: str) -> str:
    """A strong validator over everything an answer depends on: data, date, who is asking, k and the URL."""
    raw = repr((version, as_of.isoformat(), role, authority, k, url))
    return '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'


def matches(if_none_match: str | None, tag: str) -> bool:
    if not if_none_match:
        return False
    sent = [t.strip() for t in if_none_match.split(",")]
    return "*" in sent or tag in sent or f"W/{tag}" in sent
