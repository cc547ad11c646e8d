"""Presenter mode's frame: the choosers, the slide canvas with its control bar, and the slide's numbers.

The slide is a 1920x1080 canvas that present_keys.js scales to fit, so a slide looks the same in the
page, in the full-screen show and in the exported pack. The slide index lives in the browser (the
URL's ?slide=, moved by present_keys.js); `present-nav` hands it to the server.
"""
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.context import as_of
from dashboard.ui.format import uk_date
from dashboard.ui.panel import GRAPH_CONFIG, lazy_table
from dashboard.ui.selectors import review_options

from .pack_jobs import controls as pack_controls
from .prefs import editor


def _slide_number(slide) -> int:
    try:
        return max(1, int(str(slide or 1)[:6]))
    except ValueError:
        return 1


def canvas(demo: bool) -> html.Section:
    """The slide itself: heading, sentence, figure or cards or list, and its source line."""
    return html.Section([
        html.Div(html.Div([
            html.H1(id="present-heading", className="present-heading"),
            html.P(id="present-summary", className="present-summary"),
            html.Div(id="present-cards", className="present-cards"),
            html.Ul(id="present-items", className="present-items"),
            html.Div(dcc.Graph(id="present-graph", config={**GRAPH_CONFIG, "displayModeBar": False},
                               style={"height": "100%"}, figure={"data": [], "layout": {}}),
                     id="present-graph-box", className="present-graph-box"),
            html.Div([
                html.Span(id="present-updated"),
                html.Span("Demonstration data", className="present-demo") if demo else None,
            ], className="present-source"),
        ], id="present-canvas", className="present-canvas"), id="present-viewport", className="present-viewport"),
        html.Div([
            html.Button("Previous", id="present-prev", type="button", className="btn btn-light present-move",
                        **{"data-present-move": "prev"}),
            html.Span(id="present-counter", className="present-counter", **{"aria-live": "polite"}),
            html.Button("Next", id="present-next", type="button", className="btn btn-light present-move",
                        **{"data-present-move": "next"}),
            html.Button("Start the show (F)", id="present-show", type="button",
                        className="btn btn-light present-show-toggle", **{"data-present-show": "toggle"}),
        ], className="present-showbar", role="toolbar", **{"aria-label": "Slide controls"}),
    ], id="present-stage", className="present-stage", tabIndex="0",
        **{"aria-roledescription": "slide", "aria-labelledby": "present-heading"})


def layout(review: str | None = None, slide: str | None = None, survey: str | None = None, **_query):
    options, chosen = review_options(review)
    day, demo = as_of()
    return html.Div([
        dcc.Store(id="present-deck-order", data=[]),
        dcc.Store(id="present-nav", data={"review": chosen, "slide": _slide_number(slide), "survey": survey}),
        html.Span(id="present-count", hidden=True),
        html.Div([
            html.Div([
                dbc.Label("Review", html_for="present-review", className="present-label"),
                dbc.Select(id="present-review", options=options, value=chosen, className="present-select"),
            ], className="present-choose"),
            html.Div([
                dbc.Label("Survey on the participation slide", html_for="present-survey", className="present-label"),
                dbc.Select(id="present-survey", options=[], className="present-select"),
            ], className="present-choose"),
            html.Span(["Data as of ", html.Strong(uk_date(day))], className="present-as-of"),
            dbc.Badge("Demonstration data", color="warning", text_color="dark", className="demo-badge")
            if demo else None,
            html.A("Speaker notes (opens a window)", target="present-notes",
                   href="/present/notes?" + urlencode({"review": chosen or "", "slide": _slide_number(slide)}),
                   id="present-notes-link", className="present-notes-link"),
            html.A("Leave presenter mode", href="/", className="present-exit"),
        ], className="present-bar"),
        canvas(demo),
        html.P("Right, Left, Page Down, Page Up, Home and End move between slides wherever you are (except "
               "in an open list); Space moves on when the slide has focus; F on the slide starts the "
               "full-screen show and Escape leaves it.", className="present-hint"),
        lazy_table("present"),
        html.A("Download the data behind this slide (CSV)", id="present-download", href="#",
               className="panel-download", **{"download": ""}),
        editor(),
        pack_controls(),
    ], className="present-mode", id="present-mode")
