"""The speaker-notes window: which slide it follows, and the notes' empty parts."""
from dash import dcc, html

from dashboard.pages.present.callbacks import read_nav
from dashboard.ui.selectors import review_options


def layout(review: str | None = None, slide: str | None = None, survey: str | None = None, **_query):
    choice, number = read_nav({"review": review, "slide": slide, "survey": survey})
    _options, chosen = review_options(choice.review)  # until the presenter window speaks: the usual review
    return html.Div([
        dcc.Store(id="notes-nav", data={"review": chosen, "slide": number, "survey": choice.survey}),
        html.P("These notes follow the slide shown in the presenter window.", className="notes-follow"),
        html.H1(id="notes-heading", className="notes-heading", **{"aria-live": "polite"}),
        html.Div(id="notes-body", className="notes-body"),
    ], id="notes-mode", className="notes-mode")
