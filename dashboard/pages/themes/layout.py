"""The Themes page's filters and empty chart frames."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.context import current_ask
from dashboard.ui.about_review import about_review
from dashboard.ui.data_note import data_note
from dashboard.ui.filters import date_range_inputs, demo_note, family_group_select, parse_range
from dashboard.ui.panel import chart_panel
from dashboard.ui.selectors import review_options

from .panels import offered_period, theme_options


def note():
    return data_note("themes")


def layout(review: str | None = None, family_group: str | None = None, start: str | None = None,
           end: str | None = None, theme: str | None = None, **_query):
    ask = current_ask()
    options, chosen = review_options(review)
    themes = theme_options(ask, chosen)
    theme = theme if theme in {o["value"] for o in themes} else ""
    a, b = parse_range(start, end)
    fixed = offered_period(ask, chosen)
    if fixed is not None:
        a, b = fixed
    panels = [
        chart_panel("themes-frequency", "Themes: strengths and areas for improvement", height=420, about=note()),
        chart_panel("themes-subthemes", "Sub-themes of the chosen theme", height=300, about=note(),
                    extra=dbc.Row(dbc.Col([
            dbc.Label("Theme (or click a bar above)", html_for="themes-theme"),
            dbc.Select(id="themes-theme", options=themes, value=theme)], md=6), className="mb-2")),
        dbc.Row([
            dbc.Col(chart_panel("themes-sources", "Themes by evidence source", height=360, about=note()), lg=6),
            dbc.Col(chart_panel("themes-questions", "Themes by review question or quality indicator", height=360,
                                about=note()),
                    lg=6),
        ]),
    ]
    # Every panel is always present; for roles that may not compare authorities the callback
    # says so in the panel instead of drawing it.
    panels += [
        chart_panel("themes-authorities", "Themes by authority", height=420, about=note()),
        chart_panel("themes-groups", "Themes by family group: share of each group's coding", height=360,
                    about=note()),
        dbc.Row([
            dbc.Col(chart_panel("themes-saturation", "Themes over time: new codes per week (saturation)",
                                height=400, about=note()), lg=6),
            dbc.Col(chart_panel("themes-cooccurrence", "Which themes are coded together", height=400,
                                about=note()), lg=6),
        ]),
    ]
    return html.Div([
        html.H1("Themes", className="h2"),
        dcc.Location(id="themes-url", refresh=False),
        demo_note(chosen),
        html.Form(dbc.Row([
            dbc.Col([dbc.Label("Review", html_for="themes-review"),
                     dbc.Select(id="themes-review", options=options, value=chosen)], xs=12, md=5),
            family_group_select("themes", family_group, disabled=not ask.scope.sees_named_authorities),
            *date_range_inputs("themes", a.isoformat() if a else None, b.isoformat() if b else None,
                               disabled=fixed is not None),
        ], className="g-2 my-2 align-items-end"), role="search", **{"aria-label": "Filters"}),
        html.P("Themes are shown for the whole review to date: with small numbers hidden, comparing one "
               "period with another could reveal them.", className="small text-muted",
               id="themes-fixed-period") if fixed is not None else None,
        about_review(chosen),
        *panels,
    ])
