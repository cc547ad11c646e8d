"""Presenter mode's frame: the review chooser, the slide's empty parts and the controls."""
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.context import as_of
from dashboard.ui.format import uk_date
from dashboard.ui.panel import GRAPH_CONFIG, grid
from dashboard.ui.selectors import review_options

from .panels import SLIDE_KEYS


def layout(review: str | None = None, slide: str | None = None, **_query):
    options, chosen = review_options(review)
    day, demo = as_of()
    try:
        start = max(0, min(int(slide or 1) - 1, len(SLIDE_KEYS) - 1))
    except ValueError:
        start = 0
    return html.Div([
        dcc.Location(id="present-url", refresh=False),
        dcc.Store(id="present-index", data=start),
        html.Div([
            html.Div([
                dbc.Label("Review", html_for="present-review", className="visually-hidden"),
                dbc.Select(id="present-review", options=options, value=chosen, className="present-select"),
            ], className="present-choose"),
            html.Span(["Data as of ", html.Strong(uk_date(day))], className="present-as-of"),
            dbc.Badge("Demonstration data", color="warning", text_color="dark", className="demo-badge")
            if demo else None,
            html.Span(id="present-counter", className="present-counter", **{"aria-live": "polite"}),
            html.A("Leave presenter mode", href="/", className="present-exit"),
        ], className="present-bar"),
        html.Section([
            html.H1(id="present-heading", className="present-heading"),
            html.P(id="present-summary", className="present-summary"),
            html.Div(id="present-cards", className="present-cards"),
            html.Div(dcc.Graph(id="present-graph", config={**GRAPH_CONFIG, "toImageButtonOptions": {
                "format": "png", "scale": 2, "filename": "review-oversight-slide"}},
                figure={"data": [], "layout": {"height": 620}}), id="present-graph-box"),
            html.Details([html.Summary("Table of these numbers"), grid("present-table")], className="panel-table"),
            html.Div([
                html.Span(id="present-updated", className="panel-updated"),
                html.A("Download the data (CSV)", id="present-download", href="#", className="panel-download",
                       **{"download": ""}),
            ], className="panel-footer"),
        ], className="present-slide", **{"aria-labelledby": "present-heading"}),
        html.Div([
            dbc.Button("Previous", id="present-prev", color="secondary", outline=True, className="me-2"),
            dbc.Button("Next", id="present-next", color="primary"),
            html.Span(" Use the arrow keys or Page Up and Page Down to move between slides.",
                      className="present-hint"),
        ], className="present-controls"),
    ], className="present-mode", id="present-mode")
