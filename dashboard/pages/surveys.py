"""Surveys: response rates by authority against the target, day by day, shortfalls, funnel plot."""
import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.filters import date_range_inputs, demo_note, family_group_select, parse_range
from dashboard.components.panel import chart_panel
from dashboard.context import as_of, current_db, current_scope
from dashboard.selectors import review_options

dash.register_page(__name__, path="/surveys", name="Surveys", title="Surveys - Review Oversight", order=2)


def survey_options(review: str | None) -> list[dict]:
    from data_access import surveys
    from data_access.queries import NotFound

    if not review:
        return []
    try:
        frame = surveys.review_surveys(current_db(), current_scope(), review, as_of=as_of()[0])
    except NotFound:
        return []
    return [{"label": f"{n} ({a})", "value": c} for c, n, a in zip(frame.code, frame.name, frame.audience)]


def layout(review: str | None = None, survey: str | None = None, family_group: str | None = None,
           start: str | None = None, end: str | None = None, **_query):
    options, chosen = review_options(review)
    surveys = survey_options(chosen)
    values = {o["value"] for o in surveys}
    survey = survey if survey in values else (surveys[0]["value"] if surveys else None)
    a, b = parse_range(start, end)
    named = current_scope().sees_named_authorities
    return html.Div([
        html.H1("Surveys", className="h2"),
        dcc.Location(id="surveys-url", refresh=False),
        demo_note(),
        html.Form(dbc.Row([
            dbc.Col([dbc.Label("Review", html_for="surveys-review"),
                     dbc.Select(id="surveys-review", options=options, value=chosen)], xs=12, md=4),
            dbc.Col([dbc.Label("Survey", html_for="surveys-survey"),
                     dbc.Select(id="surveys-survey", options=surveys, value=survey)], xs=12, md=4),
            family_group_select("surveys", family_group, disabled=not named),
            *date_range_inputs("surveys", a.isoformat() if a else None, b.isoformat() if b else None),
        ], className="g-2 my-2 align-items-end"), role="search", **{"aria-label": "Filters"}),
        chart_panel("surveys-rates", "Response rate by authority against the target", height=820),
        dbc.Row([
            dbc.Col(chart_panel("surveys-cumulative", "Responses received, day by day", height=380), lg=6),
            dbc.Col(chart_panel("surveys-funnel", "Funnel plot: rate against eligible population", height=440),
                    lg=6),
        ]),
        chart_panel("surveys-shortfall", "Authorities below target: responses still needed", height=420),
    ])
