"""The profile's heading, review choice and empty chart frames."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.context import current_ask
from dashboard.ui.filters import demo_note
from dashboard.ui.panel import chart_panel
from data_access.queries import NotFound

from .panels import authority_reviews, default_review


def layout(code: str | None = None, review: str | None = None, **_query):
    ask = current_ask()
    try:
        reviews = authority_reviews(ask, code or "")
    except NotFound:
        return html.Div([html.H1("Local authority", className="h2"),
                         html.P("That authority is not available.", id="profile-missing")])
    name, fg = reviews.authority.iloc[0], int(reviews.family_group.iloc[0])
    taking_part = reviews.dropna(subset=["slug"])
    options = [{"label": f"{t} ({p})", "value": s} for s, t, p in
               zip(taking_part.slug, taking_part.title, taking_part.participation)]
    chosen = review if review in set(taking_part.slug) else default_review(ask, set(taking_part.slug))
    return html.Div([
        html.H1(name, className="h2", id="profile-name"),
        html.P(f"GSS code {code}; family group {fg} of 4 (1 = least deprived). Compared with its family group "
               f"where your role shows family groups, and with Scotland.", className="lead"),
        dcc.Location(id="profile-url", refresh=False),
        dcc.Store(id="profile-code", data=code),
        demo_note(any_review=True),
        html.Form(dbc.Row(dbc.Col([dbc.Label("Review", html_for="profile-review"),
                                   dbc.Select(id="profile-review", options=options, value=chosen)], md=6),
                          className="my-2"), role="search", **{"aria-label": "Filters"}),
        chart_panel("profile-milestones", "Milestones: this authority beside its family group and Scotland",
                    height=420),
        dbc.Row([
            dbc.Col(chart_panel("profile-surveys", "Survey response rates", height=360), lg=6),
            dbc.Col(chart_panel("profile-themes", "Themes: share of the coding", height=360), lg=6),
        ]),
    ])
