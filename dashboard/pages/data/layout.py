"""The Data page's upload form and its empty table frames."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.ui.panel import chart_panel, grid
from dashboard.ui.selectors import review_options
from data_access.importers import KINDS, max_upload_bytes

from . import life_cycle


def layout(**_query):
    options, chosen = review_options(None)
    limit_mb = max_upload_bytes() / (1024 * 1024)
    return html.Div([
        html.H1("Data", className="h2"),
        html.Section([
            html.H2("Import a file", className="h4", id="data-upload-heading"),
            html.P(["Upload a CSV or Excel (.xlsx) file in one of the import formats. The file is checked first "
                    "and nothing is written until you commit it; a file with any problem is never written. "
                    f"Files up to {limit_mb:g} MB. To set up a new review, choose 'review' and upload its workbook "
                    "(the review is named inside it; `oversight template review` writes one to fill in)."]),
            dbc.Row([
                dbc.Col([dbc.Label("What the file holds", html_for="data-kind"),
                         dbc.Select(id="data-kind", options=[{"label": k, "value": k} for k in KINDS],
                                    value="survey-responses")], md=4),
                dbc.Col([dbc.Label("Review", html_for="data-review"),
                         dbc.Select(id="data-review", options=options, value=chosen)], md=8),
            ], className="mb-2"),
            dcc.Upload(id="data-upload", children=html.Div(["Drag a file here or ", html.U("choose a file")]),
                       className="upload-zone", max_size=max_upload_bytes() + 1, multiple=False),
            html.Div(id="data-check", className="mt-3", **{"aria-live": "polite"}),
            dbc.Button("Commit this import", id="data-commit", color="primary", className="mt-2", disabled=True),
            dcc.Store(id="data-token"),
            html.Div(id="data-result", className="mt-3", **{"aria-live": "polite"}),
            html.Details([html.Summary("Problems found"), grid("data-problems", columns=[
                {"field": "Row"}, {"field": "Column"}, {"field": "Value"}, {"field": "Problem"}])],
                className="panel-table", open=True),
        ], className="panel", **{"aria-labelledby": "data-upload-heading"}),
        life_cycle.section(),
        chart_panel("data-history", "Import history", graph=False),
        dbc.Row([
            dbc.Col(chart_panel("data-counts", "Rows held", graph=False), lg=5),
            dbc.Col(chart_panel("data-quality", "Data-quality warnings", graph=False), lg=7),
        ]),
        dcc.Interval(id="data-refresh", interval=24 * 3600 * 1000, n_intervals=0, max_intervals=1),
    ])
