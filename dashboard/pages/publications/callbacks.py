"""Publications wiring: the order chosen in, both panels out, the order back into the URL."""
from __future__ import annotations

from dash import Input, Output

from dashboard.context import current_ask, updated_stamp
from dashboard.downloads import download_href
from dashboard.ui.filters import query_string
from dashboard.ui.panel import fill, panel_outputs, register_panels, register_tables

from .panels import PANELS, Filters

GRAPHS = {"publications-list": True, "publications-documents": False}


def link_cells(rows: list[dict], columns: list[dict]) -> tuple[list[dict], list[dict]]:
    """The grid shows each review link as a link (markdown); the download keeps the plain address."""
    return ([{**r, "Link": f"[Open the review]({r['Link']})" if r.get("Link") else ""} for r in rows],
            [{**c, "cellRenderer": "markdown"} if c["field"] == "Link" else c for c in columns])


def update_publications(sort):
    ask = current_ask()
    f = Filters.parse({"sort": sort}, ask.scope)
    stamp = updated_stamp()
    out = [query_string(sort=None if f.sort == "downloads" else f.sort)]
    for name, panel in PANELS.items():
        out += fill(panel(ask, f), stamp, download_href(name, sort=f.sort), graph=GRAPHS[name])
    return out


def register(app) -> None:
    outputs = [Output("publications-url", "search")]
    for name in PANELS:
        outputs += panel_outputs(name, graph=GRAPHS[name])
    register_panels(app, outputs, [Input("publications-sort", "value")], update_publications)
    register_tables(app, {name: name for name, graph in GRAPHS.items() if graph},
                    shape={"publications-list": link_cells})
