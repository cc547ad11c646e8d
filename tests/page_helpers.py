"""Helpers for page tests: call a plain callback as a role, split its panels, count with SQL."""
from __future__ import annotations

import json

from sqlalchemy import text

from data_access.scope import Scope

# A chart's panel sends its figure and no rows (they come when its table is opened); a panel with no chart
# is its table.
CHART_KEYS = ("summary", "figure", "updated", "download", "download_xlsx")
TABLE_KEYS = ("summary", "rows", "columns", "updated", "download", "download_xlsx")


def call_as(app, fn, *args, scope: Scope = Scope("inspector")):
    """Run callback `fn` inside a request, with the caller's scope set to `scope`."""
    app.server.extensions["oversight_scope"] = lambda: scope
    with app.server.test_request_context("/"):
        return fn(*args)


def split_panels(out, names, app=None, scope: Scope = Scope("inspector")) -> tuple[str, dict]:
    """A page callback's outputs: the URL search, then each named panel's values (`CHART_KEYS` for a
    chart, `TABLE_KEYS` for a table). Given the app, each chart's table is opened too, as `scope` (its
    rows and columns, as the person opening it gets them)."""
    flat = list(out[1:])
    panels, at = {}, 0
    for name in names:
        chart = isinstance(flat[at + 1], dict)
        keys = CHART_KEYS if chart else TABLE_KEYS
        panels[name] = dict(zip(keys, flat[at:at + len(keys)]))
        at += len(keys)
        if chart and app is not None:
            panels[name].update(open_table(app, panels[name]["download"], scope))
    return out[0], panels


def open_table(app, href: str, scope: Scope = Scope("inspector")) -> dict:
    """A chart's table as its callback builds it when opened: {"rows": ..., "columns": ...}, both empty
    when the answer holds no grid. The panel and its download are named by the download link."""
    from dashboard import registry
    from dashboard.ui.panel import _table_callback

    name = href.split("?", 1)[0].rsplit("/", 1)[-1].removesuffix(".csv") if href.startswith("/download/") else None
    if name not in registry.DOWNLOADS:
        return {"rows": [], "columns": []}
    grid = call_as(app, _table_callback(name, name, None), href, scope=scope)
    props = grid.to_plotly_json()["props"] if grid.__class__.__name__ == "AgGrid" else {}
    return {"rows": props.get("rowData", []), "columns": props.get("columnDefs", [])}


def sql(app, query, **params):
    """An independent count straight from the database."""
    with app.server.extensions["oversight_db"].engine.connect() as conn:
        return conn.execute(text(query), params).all()


def route(client, path: str, search: str = ""):
    """Ask Dash's router for the page at `path`, as the browser does (the client is signed in, or not)."""
    if client.get_cookie("_csrf_token") is None:
        client.get("/login")  # a visitor's first page sets the CSRF cookie the renderer sends back
    body = {"output": ".._pages_content.children..._pages_store.data..",
            "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                       {"id": "_pages_location", "property": "search", "value": search}],
            "changedPropIds": ["_pages_location.pathname"]}
    return client.post("/_dash-update-component", data=json.dumps(body),
                       headers={"Content-Type": "application/json",
                                "X-CSRFToken": client.get_cookie("_csrf_token").value})


def render_page(client, path: str, search: str = "") -> dict:
    """The page container's component tree for `path`, as Dash's router renders it."""
    resp = route(client, path, search)
    assert resp.status_code == 200, (path, resp.status_code)
    return resp.get_json()["response"]["_pages_content"]["children"]


def nodes(tree):
    """Every component in a rendered tree (as JSON), depth first."""
    if isinstance(tree, dict):
        yield tree
        for value in tree.values():
            yield from nodes(value)
    elif isinstance(tree, list):
        for value in tree:
            yield from nodes(value)


def text_of(tree) -> str:
    """The visible text of a rendered tree, joined with spaces."""
    if isinstance(tree, (str, int, float)):
        return str(tree)
    out = []
    for node in nodes(tree):
        children = node.get("children") if isinstance(node, dict) else None
        if isinstance(children, (str, int, float)):
            out.append(str(children))
        elif isinstance(children, list):
            out.extend(str(c) for c in children if isinstance(c, (str, int, float)))
    return " ".join(out)


def links(tree) -> dict[str, str]:
    """{link text or id: href} for every link in a rendered tree."""
    found = {}
    for node in nodes(tree):
        if node.get("type") in ("A", "NavLink", "Link") and isinstance(node.get("props"), dict):
            props = node["props"]
            found[props.get("id") or text_of(props.get("children"))] = props.get("href")
    return found
