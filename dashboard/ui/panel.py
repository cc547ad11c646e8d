"""The frame every chart sits in: heading, one-sentence summary, chart, table, stamp, downloads."""
from __future__ import annotations

from dataclasses import dataclass, field

import dash_ag_grid as dag
import pandas as pd
from dash import Output, dcc, html

from ..context import current_scope
from .figures import empty_figure
from .tables import column_defs, link_profiles, records


@dataclass
class Panel:
    """One chart's content from one set of reads: its sentence, figure and table of the same numbers.

    The chart's callback, its CSV download, its presenter slide and its API answer all take the
    numbers from the same panel function, so each number is read once and written in one place.
    """

    summary: str
    figure: dict | None
    table: pd.DataFrame = field(default_factory=pd.DataFrame)

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


def grid(grid_id: str, frame: pd.DataFrame | None = None, columns: list[dict] | None = None, **kwargs) -> dag.AgGrid:
    """A table of the numbers: sortable, keyboard-navigable, sized to its rows."""
    columns = columns or [{"field": c} for c in (frame.columns if frame is not None else [])]
    return dag.AgGrid(
        id=grid_id,
        rowData=[] if frame is None else frame.to_dict("records"),
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


def chart_panel(panel_id: str, title: str, *, graph: bool = True, height: int | None = 420,
                table_columns: list[dict] | None = None, extra=None, about=None, shown: bool = True) -> html.Section:
    """A chart's frame with empty slots; callbacks fill `<id>-summary`, `<id>-graph`, `<id>-table`,
    `<id>-updated`, `<id>-download` and `<id>-download-xlsx` (the same numbers as CSV and XLSX).
    `about` is the chart's "About this data" note (`dashboard.ui.data_note`), shown under its table.

    `shown=False` for a panel the caller's role may not see: its slots stay (the page's callback fills
    every panel) but the panel is hidden from everyone, so no empty chart or table is put before them."""
    children = [
        html.H2(title, id=f"{panel_id}-heading", className="h4 panel-heading"),
        html.P(id=f"{panel_id}-summary", className="panel-summary", **{"aria-live": "polite"}),
    ]
    if extra is not None:
        children.append(extra)
    if graph:
        start = height or 420  # the callback sets the box to the figure's own height
        children.append(chart_image(panel_id, dcc.Loading(dcc.Graph(
            id=f"{panel_id}-graph", config=PANEL_GRAPH_CONFIG, style={"height": f"{start}px"},
            figure={"data": [], "layout": {"height": start}},
        ), type="default", delay_show=300)))
        children.append(chart_controls(panel_id, title))
    children.append(html.Details([
        html.Summary("Table of these numbers"),
        grid(f"{panel_id}-table", columns=table_columns),
    ], className="panel-table", open=not graph))
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


def panel_outputs(panel_id: str, graph: bool = True) -> list:
    """The Outputs a callback fills for one `chart_panel`, in the order `panel_values` returns them."""
    outs = [Output(f"{panel_id}-summary", "children")]
    if graph:
        outs += [Output(f"{panel_id}-graph", "figure"), Output(f"{panel_id}-graph", "style")]
    outs += [Output(f"{panel_id}-table", "rowData"), Output(f"{panel_id}-table", "columnDefs"),
             Output(f"{panel_id}-updated", "children"), Output(f"{panel_id}-download", "href"),
             Output(f"{panel_id}-download-xlsx", "href")]
    return outs


def panel_values(summary, figure, frame: pd.DataFrame, stamp: str, href: str) -> list:
    """Values for `panel_outputs`; pass figure=None for a panel without a graph."""
    out = [summary]
    if figure is not None:
        # The chart's box follows the figure's own height, so long lists are not squashed.
        height = (figure.get("layout") or {}).get("height") or 420
        out += [figure, {"height": f"{int(height)}px"}]
    rows, columns = records(frame), column_defs(frame)
    link_profiles(frame, rows, columns, current_scope())
    return out + [rows, columns, stamp, href, spreadsheet_href(href)]


def spreadsheet_href(href: str) -> str:
    """The XLSX beside a CSV download: the same address with the other extension."""
    path, sep, query = href.partition("?")
    return (path[:-4] + ".xlsx" + sep + query) if path.endswith(".csv") else href


def fill(panel: Panel, stamp: str, href: str, graph: bool = True) -> list:
    """Values for `panel_outputs` from a Panel; a graph slot with no figure shows the summary instead."""
    figure = panel.figure
    if graph and figure is None:
        figure = empty_figure(panel.summary)
    return panel_values(panel.summary, figure if graph else None, panel.table, stamp, href)
