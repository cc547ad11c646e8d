"""Presenter mode callbacks: move between slides and draw the one showing."""
from __future__ import annotations

from urllib.parse import urlencode

from dash import Input, Output, State, ctx, html
from dash.exceptions import PreventUpdate
from flask import current_app

from dashboard.context import as_of, current_db, updated_stamp
from dashboard.downloads import download_href
from dashboard.ui.figures import empty_figure
from dashboard.ui.tables import column_defs, records
from data_access.queries import NotFound

from .panels import SLIDE_KEYS, build_slide


def _slide_index(value) -> int:
    """The slide asked for, within the deck; anything that is not a whole number is the first slide."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return 0
    try:
        index = int(value)
    except (ValueError, OverflowError):
        return 0
    return max(0, min(index, len(SLIDE_KEYS) - 1))


def move(_prev, _next, index):
    """Previous or Next (buttons, or the arrow keys that press them) moves one slide, within bounds."""
    index = _slide_index(index)
    step = -1 if ctx.triggered_id == "present-prev" else 1
    new = max(0, min(index + step, len(SLIDE_KEYS) - 1))
    if new == index:
        raise PreventUpdate
    return new


def show(review, index):
    if not review:
        raise PreventUpdate
    index = _slide_index(index)
    day, demo = as_of()
    try:
        slide = build_slide(current_db(), current_app.config["SDC_K"], review, index, day)
    except NotFound:
        msg = "That review is not available."
        return ("", msg, "", [], empty_figure(msg), {"display": "block"}, [], [], "", "#",
                "", True, True)
    # A slide without a chart hides the chart's box (the figure is only a placeholder).
    figure = slide.figure if slide.figure is not None else empty_figure("No chart on this slide", height=100)
    box = {"display": "block" if slide.figure is not None else "none"}
    stamp = updated_stamp() + (" Demonstration data." if demo else "")
    counter = f"Slide {index + 1} of {len(SLIDE_KEYS)}"
    search = "?" + urlencode({"review": review, "slide": index + 1})
    cards = [html.Div([html.Div(c["label"], className="card-label"), html.Div(c["value"], className="card-value"),
                       html.Div(c["note"], className="card-note")], className="headline-card")
             for c in slide.cards or []]
    return (search, slide.heading, slide.summary, cards, figure, box, records(slide.table), column_defs(slide.table),
            stamp, download_href("present-slide", review=review, slide=index + 1), counter,
            index == 0, index == len(SLIDE_KEYS) - 1)


def register(app) -> None:
    app.callback(Output("present-index", "data"), Input("present-prev", "n_clicks"),
                 Input("present-next", "n_clicks"), State("present-index", "data"),
                 prevent_initial_call=True)(move)
    app.callback(
        [Output("present-url", "search"), Output("present-heading", "children"),
         Output("present-summary", "children"), Output("present-cards", "children"),
         Output("present-graph", "figure"),
         Output("present-graph-box", "style"), Output("present-table", "rowData"),
         Output("present-table", "columnDefs"), Output("present-updated", "children"),
         Output("present-download", "href"), Output("present-counter", "children"),
         Output("present-prev", "disabled"), Output("present-next", "disabled")],
        Input("present-review", "value"), Input("present-index", "data"),
    )(show)
