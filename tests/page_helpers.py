"""Helpers for page tests: call a plain callback as a role, split its panels, count with SQL."""
from __future__ import annotations

from sqlalchemy import text

from data_access.scope import Scope

PANEL_KEYS = ("summary", "figure", "style", "rows", "columns", "updated", "download", "download_xlsx")


def call_as(app, fn, *args, scope: Scope = Scope("inspector")):
    """Run callback `fn` inside a request, with the caller's scope set to `scope`."""
    app.server.extensions["oversight_scope"] = lambda: scope
    with app.server.test_request_context("/"):
        return fn(*args)


def split_panels(out, names) -> tuple[str, dict]:
    """A page callback's outputs: the URL search, then eight values for each named panel."""
    flat = list(out[1:])
    n = len(PANEL_KEYS)
    return out[0], {name: dict(zip(PANEL_KEYS, flat[i * n:(i + 1) * n])) for i, name in enumerate(names)}


def sql(app, query, **params):
    """An independent count straight from the database."""
    with app.server.extensions["oversight_db"].engine.connect() as conn:
        return conn.execute(text(query), params).all()
