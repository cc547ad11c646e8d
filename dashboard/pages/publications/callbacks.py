"""Publications wiring: the order chosen in, both panels out, the order back into the URL."""
from __future__ import annotations

from dash import Input, Output

from dashboard.context import current_ask, updated_stamp
from dashboard.downloads import download_href
from dashboard.ui.filters import query_string
from dashboard.ui.panel import fill, panel_outputs

from .panels import PANELS, Filters

GRAPHS = {"publications-list": True, "publications-documents": False}


def link_cells(rows: list[dict]) -> list[dict]:
    """The grid shows each review link as a link (markdown); the download keeps the plain address."""
    return [{**r, "Link": f"[Open the review]({r['Link']})" if r.get("Link") else ""} for r in rows]


def update_publications(sort):
    ask = current_ask()
    f = Filters.parse({"sort": sort}, ask.scope)
    stamp = updated_stamp()
    out = [query_string(sort=None if f.sort == "downloads" else f.sort)]
    for name, panel in PANELS.items():
        values = fill(panel(ask, f), stamp, download_href(name, sort=f.sort), graph=GRAPHS[name])
        if name == "publications-list":
            rows_at = 3  # summary, figure, style, then the rows and their column definitions
            values[rows_at] = link_cells(values[rows_at])
            values[rows_at + 1] = [{**c, "cellRenderer": "markdown"} if c["field"] == "Link" else c
                                   for c in values[rows_at + 1]]
        out += values
    return out


def register(app) -> None:
    outputs = [Output("publications-url", "search")]
    for name in PANELS:
        outputs += panel_outputs(name, graph=GRAPHS[name])
    app.callback(outputs, Input("publications-sort", "value"))(update_publications)
