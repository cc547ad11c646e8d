"""Overview: one review at a glance, and the portfolio of all reviews."""
import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.panel import chart_panel
from dashboard.selectors import review_options

dash.register_page(__name__, path="/", name="Overview", title="Overview - Review Oversight", order=0)


def layout(review: str | None = None, **_query):
    options, chosen = review_options(review)
    return html.Div([
        html.H1("Overview", className="h2"),
        dcc.Location(id="overview-url", refresh=False),
        html.Section([
            html.H2("All reviews", className="h4", id="portfolio-heading"),
            html.Div(id="overview-portfolio", className="portfolio-strip"),
        ], **{"aria-labelledby": "portfolio-heading"}),
        dbc.Row(dbc.Col([
            dbc.Label("Review", html_for="overview-review"),
            dbc.Select(id="overview-review", options=options, value=chosen),
        ], md=6), className="my-3"),
        html.Div(id="overview-cards", className="headline-cards"),
        dbc.Row([
            dbc.Col(chart_panel("overview-map", "Progress of every authority", height=580), lg=5),
            dbc.Col(chart_panel("overview-matrix", "Status of each authority on each milestone", height=900), lg=7),
        ]),
        chart_panel("overview-overdue", "Overdue milestones", graph=False),
    ])
