"""Presenter mode callbacks: draw the slide the browser asks for.

The browser owns the slide index (present_keys.js keeps it in the URL and hands it over in
`present-nav`), so quick presses are never computed from stale server state; the server only clamps
it to the deck and draws that slide.
"""
from __future__ import annotations

from dash import Input, Output, html
from dash.exceptions import PreventUpdate

from dashboard.context import current_ask, updated_stamp
from dashboard.downloads import download_href
from dashboard.pages.surveys import panels as survey_panels
from dashboard.ui.figures import empty_figure
from dashboard.ui.panel import register_tables
from data_access.queries import NotFound

from . import prefs
from .panels import Choice, deck, presenting, value_class

SHOWN, HIDDEN = {}, {"display": "none"}  # shown: as the stylesheet lays it out


def _text(value, limit: int = 200) -> str | None:
    return value[:limit] if isinstance(value, str) and value else None


def slide_number(value) -> int:
    """The slide asked for (1-based); anything that is not a whole number is the first slide."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return 1
    try:
        return max(1, int(float(value)))
    except (ValueError, OverflowError):
        return 1


def read_nav(nav) -> tuple[Choice, int]:
    nav = nav if isinstance(nav, dict) else {}
    return Choice(_text(nav.get("review")) or "", _text(nav.get("survey"))), slide_number(nav.get("slide"))


def _cards(cards) -> list:
    return [html.Div([html.Div(c["label"], className="card-label"),
                      html.Div(c["value"], className=value_class(c["value"])),
                      html.Div(c["note"], className="card-note")], className="headline-card") for c in cards or []]


def show(nav):
    choice, number = read_nav(nav)
    if not choice.review:
        raise PreventUpdate
    ask = current_ask()
    try:
        order, hidden = prefs.current_prefs(choice.review)
        slides = deck(ask, choice, order, hidden)
        options = survey_panels.survey_options(presenting(ask), choice.review)
    except NotFound:
        msg = "That review is not available."
        return (msg, "", [], [], empty_figure(msg), HIDDEN, HIDDEN, HIDDEN, "", "#", "", "0",
                True, True, [], None)
    index = min(number, len(slides)) - 1
    slide = slides[index]
    # A slide without a chart hides the chart's box (the figure is only a placeholder).
    figure = slide.figure if slide.figure is not None else empty_figure("No chart on this slide", height=100)
    stamp = f"Source: Review Oversight, national figures. Data as of {ask.day:%-d %B %Y}. {updated_stamp()}."
    values = {o["value"] for o in options}
    survey = choice.survey if choice.survey in values else (options[0]["value"] if options else None)
    return (slide.heading, slide.summary, _cards(slide.cards), [html.Li(i) for i in slide.items or []], figure,
            SHOWN if slide.figure is not None else HIDDEN, SHOWN if slide.cards else HIDDEN,
            SHOWN if slide.items else HIDDEN, stamp,
            download_href("present-slide", review=choice.review, slide=slide.key, survey=survey),
            f"Slide {index + 1} of {len(slides)}", str(len(slides)), index == 0, index == len(slides) - 1,
            options, survey)


def register(app) -> None:
    app.callback(
        [Output("present-heading", "children"), Output("present-summary", "children"),
         Output("present-cards", "children"), Output("present-items", "children"),
         Output("present-graph", "figure"), Output("present-graph-box", "style"),
         Output("present-cards", "style"), Output("present-items", "style"),
         Output("present-updated", "children"), Output("present-download", "href"),
         Output("present-counter", "children"), Output("present-count", "children"),
         Output("present-prev", "disabled"), Output("present-next", "disabled"),
         Output("present-survey", "options"), Output("present-survey", "value")],
        Input("present-nav", "data"),
    )(show)
    # The slide's table comes only when it is opened, from the slide's own download.
    register_tables(app, {"present": "present-slide"})
    prefs.register(app)
