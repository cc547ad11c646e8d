"""The Publications page: the order to list them in, and the two panels."""
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.ui.data_note import data_note
from dashboard.ui.panel import chart_panel

from .panels import SORTS

TITLES = {"publications-list": "Publications and their downloads",
          "publications-documents": "Documents returned to each review"}


def layout(sort: str | None = None, **_query):
    return html.Div([
        html.H1("Publications", className="h2"),
        dcc.Location(id="publications-url", refresh=False),
        html.P("The programme's outputs: what has been published, how often it has been downloaded, and the "
               "documents authorities have returned to each review."),
        html.Form(dbc.Row([
            dbc.Col([dbc.Label("Order", html_for="publications-sort"),
                     dbc.Select(id="publications-sort", options=[{"label": v, "value": k} for k, v in SORTS.items()],
                                value=sort if sort in SORTS else "downloads")], xs=12, md=4),
        ], className="g-2 my-2 align-items-end"), role="search", **{"aria-label": "Order"}),
        chart_panel("publications-list", TITLES["publications-list"], height=360,
                    about=data_note("publications")),
        chart_panel("publications-documents", TITLES["publications-documents"], graph=False,
                    about=data_note("documents")),
    ])
