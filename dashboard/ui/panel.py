"""The frame every chart sits in: heading, one-sentence summary, chart, table, stamp, downloads."""
from __future__ import annotations

from dataclasses import dataclass, field

import dash_ag_grid as dag
import pandas as pd
from dash import Output, dcc, html

from .figures import empty_figure
from .tables import column_defs, records


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
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "sendDataToCloud", "editInChartStudio"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


def grid(grid_id: str, frame: pd.DataFrame | None = None, columns: list[dict] | None = None, **kwargs) -> dag.AgGrid:
    """A table of the numbers: sortable, keyboard-navigable, sized to its rows."""
    columns = columns or [{"field": c} for c in (frame.columns if frame is not None else [])]
    return dag.AgGrid(
        id=grid_id,
        rowData=[] if frame is None else frame.to_dict("records"),
        columnDefs=columns,
        defaultColDef={"sortable": True, "resizable": True, "filter": True, "minWidth": 90, "flex": 1},
        dashGridOptions={"domLayout": "autoHeight", "ensureDomOrder": True, "suppressColumnVirtualisation": True,
                         "pagination": True, "paginationPageSize": 20},
        className="ag-theme-alpine",
        style={"width": "100%"},
        **kwargs,
    )


def chart_panel(panel_id: str, title: str, *, graph: bool = True, height: int | None = 420,
                table_columns: list[dict] | None = None, extra=None, about=None) -> html.Section:
    """A chart's frame with empty slots; callbacks fill `<id>-summary`, `<id>-graph`, `<id>-table`,
    `<id>-updated`, `<id>-download` and `<id>-download-xlsx` (the same numbers as CSV and XLSX).
    `about` is the chart's "About this data" note (`dashboard.ui.data_note`), shown under its table."""
    children = [
        html.H2(title, id=f"{panel_id}-heading", className="h4 panel-heading"),
        html.P(id=f"{panel_id}-summary", className="panel-summary", **{"aria-live": "polite"}),
    ]
    if extra is not None:
        children.append(extra)
    if graph:
        start = height or 420  # the callback sets the box to the figure's own height
        children.append(dcc.Loading(dcc.Graph(
            id=f"{panel_id}-graph", config=GRAPH_CONFIG, style={"height": f"{start}px"},
            figure={"data": [], "layout": {"height": start}},
        ), type="default", delay_show=300))
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
    return html.Section(children, id=panel_id, className="panel", **{"aria-labelledby": f"{panel_id}-heading"})


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
    return out + [records(frame), column_defs(frame), stamp, href, spreadsheet_href(href)]


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
