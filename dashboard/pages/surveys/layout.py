"""The Surveys page's filters and empty chart frames."""
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.context import current_ask
from dashboard.ui.about_review import about_review
from dashboard.ui.data_note import data_note
from dashboard.ui.filters import date_range_inputs, demo_note, family_group_select, parse_range
from dashboard.ui.panel import chart_panel
from dashboard.ui.selectors import review_options

from .panels import survey_options


def layout(review: str | None = None, survey: str | None = None, family_group: str | None = None,
           start: str | None = None, end: str | None = None, **_query):
    ask = current_ask()
    options, chosen = review_options(review)
    surveys = survey_options(ask, chosen)
    values = {o["value"] for o in surveys}
    survey = survey if survey in values else (surveys[0]["value"] if surveys else None)
    a, b = parse_range(start, end)
    named = ask.scope.sees_named_authorities
    return html.Div([
        html.H1("Surveys", className="h2"),
        dcc.Location(id="surveys-url", refresh=False),
        demo_note(chosen),
        html.Form(dbc.Row([
            dbc.Col([dbc.Label("Review", html_for="surveys-review"),
                     dbc.Select(id="surveys-review", options=options, value=chosen)], xs=12, md=4),
            dbc.Col([dbc.Label("Survey", html_for="surveys-survey"),
                     dbc.Select(id="surveys-survey", options=surveys, value=survey)], xs=12, md=4),
            family_group_select("surveys", family_group, disabled=not named),
            *date_range_inputs("surveys", a.isoformat() if a else None, b.isoformat() if b else None),
        ], className="g-2 my-2 align-items-end"), role="search", **{"aria-label": "Filters"}),
        about_review(chosen),
        chart_panel("surveys-rates", "Response rate by authority against the target", height=820,
                    about=data_note("surveys")),
        dbc.Row([
            dbc.Col(chart_panel("surveys-cumulative", "Responses received, day by day", height=380,
                                        about=data_note("surveys")), lg=6),
            dbc.Col(chart_panel("surveys-funnel", "Funnel plot: rate against eligible population", height=440,
                                        about=data_note("surveys")),
                    lg=6),
        ]),
        chart_panel("surveys-shortfall", "Authorities below target: responses still needed", height=420,
                    about=data_note("surveys")),
    ])
