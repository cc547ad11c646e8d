"""The frame every chart sits in: heading, one-sentence summary, chart, table, stamp, downloads."""
from __future__ import annotations

import functools
import hashlib
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

import dash_ag_grid as dag
import pandas as pd
from dash import Input, Output, State, dcc, html

from data_access.cache import remembered
from data_access.queries import NotFound

from .. import registry
from ..context import current_ask, current_scope
from .figures import empty_figure
from .margins import reserve_margins
from .tables import column_defs, link_profiles, plain_table, records


@dataclass
class Panel:
    """One chart's content from one set of reads: its sentence, figure and table of the same numbers.

    The chart's callback, its CSV download, its presenter slide and its API answer all take the
    numbers from the same panel function, so each number is read once and written in one place.
    """

    summary: str
    figure: dict | None
    table: pd.DataFrame = field(default_factory=pd.DataFrame)


def cached_panel(fn: Callable) -> Callable:
    """A panel function `fn(ask, filters)` whose whole result (sentence, figure and table) is kept in the
    cache beside the reads it is built from, under the same kind of key: the caller's scope, the as-of
    date, the filters and the data version. A warm request then costs one cache read, not the reads
    and the building. The filters are a frozen dataclass, so their repr names them exactly."""

    @functools.wraps(fn)
    def wrapper(ask, f, **options):
        return remembered(f"panel:{fn.__module__}.{fn.__qualname__}", ask.db, ask.scope,
                          (f, tuple(sorted(options.items()))), ask.day, lambda: fn(ask, f, **options))

    wrapper.uncached = fn
    return wrapper


GRAPH_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    # Nothing the dashboard shows may leave for a third party: no "share" or "edit in Chart Studio".
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "plotlyServerURL": "",
    # One download (PNG) and a reset: each toolbar button is a Tab stop, and the chart's table and CSV
    # already give its numbers.
    "modeBarButtons": [["toImage", "resetScale2d"]],
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "sendDataToCloud", "editInChartStudio"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


# A table is one Tab stop: Tab leaves it instead of walking every cell; arrow keys move inside it. No
# pagination either: its five controls would be five more Tab stops, disabled ones included.
ONE_TAB_STOP = {"tabToNextCell": {"function": "false"}, "tabToNextHeader": {"function": "false"}}


def grid(grid_id: str, frame: pd.DataFrame | None = None, columns: list[dict] | None = None,
         rows: list[dict] | None = None, **kwargs) -> dag.AgGrid:
    """A table of the numbers: sortable, keyboard-navigable, sized to its rows."""
    columns = columns or [{"field": c} for c in (frame.columns if frame is not None else [])]
    if rows is None:
        rows = [] if frame is None else frame.to_dict("records")
    return dag.AgGrid(
        id=grid_id,
        rowData=rows,
        columnDefs=columns,
        defaultColDef={"sortable": True, "resizable": True, "filter": True, "minWidth": 90, "flex": 1},
        dashGridOptions={"domLayout": "autoHeight", "ensureDomOrder": True, "suppressColumnVirtualisation": True,
                         **ONE_TAB_STOP},
        className="ag-theme-alpine",
        style={"width": "100%"},
        **kwargs,
    )


# In a panel the chart is one image to assistive technology, so Plotly's own toolbar (focusable buttons
# inside it) gives way to the panel's download and reset buttons, outside the image (assets/chart_controls.js).
PANEL_GRAPH_CONFIG = {**GRAPH_CONFIG, "displayModeBar": False}


def chart_image(panel_id: str, graph) -> html.Div:
    """The chart as one image named by the panel's heading and described by its summary; Plotly's SVG
    layers (two or three images named by their tick labels) are hidden from assistive technology, and
    the panel's table is the full equivalent."""
    return html.Div(html.Div(graph, **{"aria-hidden": "true"}), role="img", className="chart-image",
                    **{"aria-labelledby": f"{panel_id}-heading", "aria-describedby": f"{panel_id}-summary"})


def chart_controls(panel_id: str, title: str) -> html.Div:
    """Download the chart as a PNG, and reset its zoom: the chart's only controls, reachable by keyboard."""
    return html.Div([
        html.Button("Download the chart (PNG)", type="button", className="btn btn-sm btn-outline-secondary chart-png",
                    **{"data-graph": f"{panel_id}-graph", "data-filename": title}),
        html.Button("Reset the chart", type="button", className="btn btn-sm btn-outline-secondary chart-reset",
                    **{"data-graph": f"{panel_id}-graph"}),
    ], className="chart-controls")


def lazy_table(panel_id: str) -> html.Details:
    """A chart's table, closed: `<id>-table-slot` is filled only once it is opened (`register_tables`).
    assets/table_toggle.js tells the page when it opens; below 576 px it opens by itself."""
    return html.Details([
        html.Summary("Table of these numbers"),
        dcc.Store(id=f"{panel_id}-table-ask"),
        html.Div(id=f"{panel_id}-table-slot", className="panel-table-slot"),
    ], id=f"{panel_id}-details", className="panel-table", open=False)


def chart_panel(panel_id: str, title: str, *, graph: bool = True, height: int | None = 420,
                table_columns: list[dict] | None = None, extra=None, about=None, shown: bool = True,
                plain: bool = False) -> html.Section:
    """A chart's frame with empty slots; callbacks fill `<id>-summary`, `<id>-graph`, `<id>-updated`,
    `<id>-download` and `<id>-download-xlsx` (the same numbers as CSV and XLSX; a chart's figure and
    the rest come in two answers, through `<id>-words`: `register_panels`), and the table:
    a chart's table (`<id>-table-slot`) is read and built only once someone opens it (`register_tables`);
    a panel with no chart is its table (`<id>-table`), open and filled with the rest: a grid, or with
    `plain=True` a plain HTML table (`tables.plain_table`) for a small one on a page that has no other grid.
    `about` is the chart's "About this data" note (`dashboard.ui.data_note`), shown under its table.

    `shown=False` for a panel the caller's role may not see: its slots stay (the page's callback fills
    every panel) but the panel is hidden from everyone, so no empty chart or table is put before them."""
    children = [
        html.H2(title, id=f"{panel_id}-heading", className="h4 panel-heading"),
        html.P(id=f"{panel_id}-summary", className="panel-summary", **{"aria-live": "polite"}),
    ]
    if graph:
        children.append(dcc.Store(id=f"{panel_id}-words"))  # see `register_panels`
    if extra is not None:
        children.append(extra)
    if graph:
        start = height or 420  # then the box follows the figure's own height (`register_panels`)
        children.append(chart_image(panel_id, dcc.Loading(dcc.Graph(
            id=f"{panel_id}-graph", config=PANEL_GRAPH_CONFIG, style={"height": f"{start}px"},
            figure=placeholder_figure(start),
        ), type="default", delay_show=300)))
        children.append(chart_controls(panel_id, title))
    if graph:
        children.append(lazy_table(panel_id))
    else:
        children.append(html.Details([
            html.Summary("Table of these numbers"),
            html.Div(id=f"{panel_id}-table", className="plain-table-slot") if plain
            else grid(f"{panel_id}-table", columns=table_columns),
        ], className="panel-table", open=True))
    if about is not None:
        children.append(about)
    children.append(html.Div([
        html.Span(id=f"{panel_id}-updated", className="panel-updated"),
        html.A("Download the data (CSV)", id=f"{panel_id}-download", href="#", className="panel-download",
               **{"download": ""}),
        html.A("Download as a spreadsheet (XLSX)", id=f"{panel_id}-download-xlsx", href="#",
               className="panel-download ms-3", **{"download": ""}),
    ], className="panel-footer"))
    return html.Section(children, id=panel_id, className="panel", hidden=not shown,
                        **{"aria-labelledby": f"{panel_id}-heading"})


# The slots of a panel that hold its words and numbers rather than its chart: they travel in the answer
# that follows the figures (`register_panels`).
WORD_SLOTS = ("-summary", "-table", "-updated", "-download", "-download-xlsx")


def panel_outputs(panel_id: str, graph: bool = True, plain: bool = False) -> list:
    """The Outputs a callback fills for one `chart_panel`, in the order `panel_values` returns them: a
    chart and no table rows (they travel only when the table is opened), or a table with no chart."""
    summary, table, updated, download, xlsx = (f"{panel_id}{slot}" for slot in WORD_SLOTS)
    outs = [Output(summary, "children")]
    if graph:
        outs += [Output(f"{panel_id}-graph", "figure")]
    elif plain:
        outs += [Output(table, "children")]
    else:
        outs += [Output(table, "rowData"), Output(table, "columnDefs")]
    return outs + [Output(updated, "children"), Output(download, "href"), Output(xlsx, "href")]


def panel_values(summary, figure, frame: pd.DataFrame, stamp: str, href: str, plain: str | None = None) -> list:
    """Values for `panel_outputs`; pass figure=None for a panel without a graph, and for a plain table
    its label (`plain`)."""
    out = [summary]
    if figure is not None:
        out.append(reserve_margins(figure))  # drawn once, not twice to make room for its labels
    elif plain is not None:
        out.append(plain_table(frame, current_scope(), plain))
    else:
        out += list(table_rows(frame))
    return out + [stamp, href, spreadsheet_href(href)]


def register_panels(app, outputs: list, dependencies: list, fn: Callable, **options) -> None:
    """Register a callback `fn` that fills chart panels (`panel_outputs`, among the page's own outputs
    such as its address and filters) so that its figures travel alone.

    The browser gets two answers. The first holds the figures, the page's own outputs and a short key
    (`<first chart>-words`: a digest of the words that follow, so it changes when they do); the second,
    asked for with that key as soon as the first has arrived, holds the rest: each panel's sentence,
    stamp, download links and any table, built again by `fn` from the page's filters as they now stand
    (which the first answer may have set, on Back or Forward). The panels' content is then in the cache,
    so the second answer reads it rather than the database. The key grants nothing: it only starts the
    second answer, whose content comes from the caller's own scope and filters.

    Each chart's box follows its figure's height, set in the browser. A callback without a chart is
    registered as it is."""
    graphs = [o.component_id for o in outputs if o.component_property == "figure"]
    for graph in graphs:
        app.clientside_callback(GRAPH_HEIGHT_JS, Output(graph, "style"), Input(graph, "figure"),
                                prevent_initial_call=True)
    if not graphs:
        app.callback(outputs, *dependencies, **options)(fn)
        return
    words = [i for i, o in enumerate(outputs)
             if o.component_property != "figure" and str(o.component_id).endswith(WORD_SLOTS)]
    drawn = [i for i in range(len(outputs)) if i not in words]

    def figures(*args):
        values = fn(*args)
        key = hashlib.sha256(pickle.dumps([values[i] for i in words], pickle.HIGHEST_PROTOCOL)).hexdigest()[:16]
        return [values[i] for i in drawn] + [key]

    def rest(_key, *args):
        values = fn(*args)
        return [values[i] for i in words]

    figures.__name__, rest.__name__ = fn.__name__, f"{fn.__name__}_words"
    key = Output(f"{graphs[0].removesuffix('-graph')}-words", "data")
    app.callback([outputs[i] for i in drawn] + [key], *dependencies, **options)(figures)
    states = [State(d.component_id, d.component_property) for d in dependencies]
    app.callback([outputs[i] for i in words], Input(key.component_id, "data"), *states,
                 prevent_initial_call=True)(rest)


def placeholder_figure(height: int) -> dict:
    """What a chart's box holds until its figure arrives: nothing to draw, not even axes. Plotly draws it
    when its bundle loads first, on the page's busiest moment, so it must cost as little as it can."""
    hidden = {"visible": False}
    return {"data": [], "layout": {"height": height, "xaxis": hidden, "yaxis": hidden}}


GRAPH_HEIGHT_JS = """function (figure) {
    var height = (figure && figure.layout && figure.layout.height) || 420;
    return {height: Math.round(height) + "px"};
}"""


def table_rows(frame: pd.DataFrame) -> tuple[list[dict], list[dict]]:
    """A table's rows and column definitions for the grid, with profile links the caller may follow."""
    rows, columns = records(frame), column_defs(frame)
    link_profiles(frame, rows, columns, current_scope())
    return rows, columns


def spreadsheet_href(href: str) -> str:
    """The XLSX beside a CSV download: the same address with the other extension."""
    path, sep, query = href.partition("?")
    return (path[:-4] + ".xlsx" + sep + query) if path.endswith(".csv") else href


def fill(panel: Panel, stamp: str, href: str, graph: bool = True, plain: str | None = None) -> list:
    """Values for `panel_outputs` from a Panel; a graph slot with no figure shows the summary instead.
    `plain` is the label of a plain table (`chart_panel(plain=True)`)."""
    figure = panel.figure
    if graph and figure is None:
        figure = empty_figure(panel.summary)
    return panel_values(panel.summary, figure if graph else None, panel.table, stamp, href, plain)


NO_TABLE = "There is no table for this chart."


def register_tables(app, tables: dict[str, str], shape: dict[str, Callable] | None = None) -> None:
    """Each chart's table, read and built only when someone opens it, and again while it is open when
    the filters change.

    `tables` maps a panel to its registered download: the table is that download's own table, read
    with the filters of the download link the page's callback wrote (`<id>-download.href`), so the
    table and the CSV always hold the same numbers. Only the query string of that link is read, and
    only the download's declared parameters, exactly as the download itself reads them; the download
    is fixed here, so no link can name another page's. `shape(rows, columns)` may restyle the rows
    for the grid (a link shown as a link)."""
    for panel_id, download in tables.items():
        # In the browser: the link to read, once the table is open and whenever the link changes while
        # it is; a closed table asks for nothing, so no request is sent for it.
        app.clientside_callback(TABLE_ASK_JS, Output(f"{panel_id}-table-ask", "data"),
                                Input(f"{panel_id}-details", "open"), Input(f"{panel_id}-download", "href"))
        app.callback(Output(f"{panel_id}-table-slot", "children"), Input(f"{panel_id}-table-ask", "data"),
                     prevent_initial_call=True)(_table_callback(panel_id, download, (shape or {}).get(panel_id)))


TABLE_ASK_JS = """function (open, href) {
    return open && href ? href : window.dash_clientside.no_update;
}"""


def _table_callback(panel_id: str, download_name: str, shape: Callable | None) -> Callable:
    _page, download = registry.DOWNLOADS[download_name]

    def update_table(href):
        if not isinstance(href, str) or not href.startswith("/download/"):
            return html.P(NO_TABLE, className="panel-no-table")
        params = {}
        for key, value in parse_qsl(urlsplit(href).query):
            if key in download.params:
                params.setdefault(key, value)  # the first, as a download reads its address
        try:
            frame = download.table(current_ask(), params)
        except (NotFound, KeyError):
            return html.P(NO_TABLE, className="panel-no-table")
        if frame is None or len(frame.columns) == 0:
            return html.P(NO_TABLE, className="panel-no-table")
        rows, columns = table_rows(frame)
        if shape is not None:
            rows, columns = shape(rows, columns)
        return grid(f"{panel_id}-table", rows=rows, columns=columns)

    update_table.__name__ = f"update_table_{panel_id.replace('-', '_')}"
    return update_table
