"""Themes: what the coded evidence says, where it comes from, where it is coded, and when."""
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.ui.filters import date_range_inputs, demo_note, family_group_select, parse_range
from dashboard.ui.panel import chart_panel
from dashboard.context import as_of, current_db, current_scope
from dashboard.ui.selectors import review_options
from dashboard import registry
from dashboard.callbacks import themes as page_callbacks
from dashboard.datasets import DATASETS
from dashboard import datasets_themes  # noqa: F401 - its tables register in DATASETS



def theme_options(review: str | None) -> list[dict]:
    from data_access import themes
    from data_access.queries import NotFound

    if not review:
        return []
    try:
        frame = themes.top_themes(current_db(), current_scope(), review, as_of=as_of()[0])
    except NotFound:
        return []
    return [{"label": "Choose a theme", "value": ""}] + [
        {"label": f"{n} ({q})" if q else n, "value": c} for c, n, q in zip(frame.code, frame.name, frame.question)]


def layout(review: str | None = None, family_group: str | None = None, start: str | None = None,
           end: str | None = None, theme: str | None = None, **_query):
    options, chosen = review_options(review)
    themes = theme_options(chosen)
    theme = theme if theme in {o["value"] for o in themes} else ""
    a, b = parse_range(start, end)
    scope = current_scope()
    panels = [
        chart_panel("themes-frequency", "Themes: strengths and areas for improvement", height=420),
        chart_panel("themes-subthemes", "Sub-themes of the chosen theme", height=300, extra=dbc.Row(dbc.Col([
            dbc.Label("Theme (or click a bar above)", html_for="themes-theme"),
            dbc.Select(id="themes-theme", options=themes, value=theme)], md=6), className="mb-2")),
        dbc.Row([
            dbc.Col(chart_panel("themes-sources", "Themes by evidence source", height=360), lg=6),
            dbc.Col(chart_panel("themes-questions", "Themes by review question or quality indicator", height=360),
                    lg=6),
        ]),
    ]
    # Every panel is always present; for roles that may not compare authorities the callback
    # says so in the panel instead of drawing it.
    panels += [
        chart_panel("themes-authorities", "Themes by authority", height=420),
        chart_panel("themes-groups", "Themes by family group: share of each group's coding", height=360),
        dbc.Row([
            dbc.Col(chart_panel("themes-saturation", "Themes over time: new codes per week (saturation)",
                                height=400), lg=6),
            dbc.Col(chart_panel("themes-cooccurrence", "Which themes are coded together", height=400), lg=6),
        ]),
    ]
    return html.Div([
        html.H1("Themes", className="h2"),
        dcc.Location(id="themes-url", refresh=False),
        demo_note(),
        html.Form(dbc.Row([
            dbc.Col([dbc.Label("Review", html_for="themes-review"),
                     dbc.Select(id="themes-review", options=options, value=chosen)], xs=12, md=5),
            family_group_select("themes", family_group, disabled=not scope.sees_named_authorities),
            *date_range_inputs("themes", a.isoformat() if a else None, b.isoformat() if b else None),
        ], className="g-2 my-2 align-items-end"), role="search", **{"aria-label": "Filters"}),
        *panels,
    ])

PAGE = registry.page(
    __name__, path="/themes", name="Themes", order=3, roles=registry.EVERYONE, layout=layout,
    callbacks=page_callbacks.register,
    downloads=[registry.Download(n, lambda ask, params, n=n: DATASETS[n](ask.db, ask.scope, params, ask.day),
                                 ("review", "authority", "survey", "family_group", "start", "end", "theme", "slide"))
               for n in ["themes-frequency", "themes-subthemes", "themes-sources", "themes-authorities", "themes-groups", "themes-saturation", "themes-cooccurrence", "themes-questions"]],
)
