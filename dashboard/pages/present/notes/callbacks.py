"""The speaker-notes window's one callback: the notes for the slide the presenter window shows."""
from __future__ import annotations

from dash import Input, Output, html
from dash.exceptions import PreventUpdate

from dashboard.context import current_ask
from dashboard.pages.present.callbacks import read_nav
from dashboard.pages.present.panels import deck
from dashboard.pages.present.prefs import current_prefs
from data_access.queries import NotFound

from .panels import notes_for


def _table(frame) -> html.Table:
    return html.Table([
        html.Thead(html.Tr([html.Th(str(c), scope="col") for c in frame.columns])),
        html.Tbody([html.Tr([html.Td("" if v is None else str(v)) for v in row])
                    for row in frame.itertuples(index=False)]),
    ], className="table table-sm notes-table")


def show_notes(nav):
    choice, number = read_nav(nav)
    if not choice.review:
        raise PreventUpdate
    ask = current_ask()
    try:
        order, hidden = current_prefs(choice.review)
        slides = deck(ask, choice, order, hidden)
    except NotFound:
        return "That review is not available.", []
    notes = notes_for(slides, min(number, len(slides)) - 1, ask.scope.k)
    body = [html.H2("Say", className="h4"), html.P(notes.say, className="notes-say")]
    if not notes.numbers.empty:
        body += [html.H2("The numbers behind it", className="h4"), _table(notes.numbers)]
    body += [html.H2("Caveats", className="h4"), html.Ul([html.Li(c) for c in notes.caveats])]
    if notes.next_heading:
        body.append(html.P(["Next: ", html.Strong(notes.next_heading)], className="notes-next"))
    return notes.heading, body


def register(app) -> None:
    app.callback(Output("notes-heading", "children"), Output("notes-body", "children"),
                 Input("notes-nav", "data"))(show_notes)
