"""The Timeline page's filters and empty chart frames."""
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.ui.about_review import about_review
from dashboard.ui.data_note import data_note
from dashboard.ui.filters import date_range_inputs, demo_note, parse_range
from dashboard.ui.panel import chart_panel
from dashboard.ui.selectors import review_options


def layout(review: str | None = None, start: str | None = None, end: str | None = None, **_query):
    options, chosen = review_options(review)
    a, b = parse_range(start, end)
    return html.Div([
        html.H1("Timeline", className="h2"),
        dcc.Location(id="timeline-url", refresh=False),
        demo_note(chosen),
        html.Form(dbc.Row([
            dbc.Col([dbc.Label("Review", html_for="timeline-review"),
                     dbc.Select(id="timeline-review", options=options, value=chosen)], xs=12, md=6),
            *date_range_inputs("timeline", a.isoformat() if a else None, b.isoformat() if b else None),
        ], className="g-2 my-2 align-items-end"), role="search", **{"aria-label": "Filters"}),
        about_review(chosen),
        chart_panel("timeline-gantt", "Phases and milestones: planned against actual", height=620,
                    about=data_note("milestones")),
        chart_panel("timeline-portfolio", "All reviews on one time axis", height=420, about=data_note("milestones")),
        chart_panel("timeline-programme", "Joint inspections: the rolling programme", height=480,
                    about=data_note("milestones")),
    ])
