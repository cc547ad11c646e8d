"""Overview: one review at a glance, and the portfolio of all reviews."""
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.ui.panel import chart_panel
from dashboard.context import current_scope
from dashboard.ui.selectors import review_options
from dashboard import registry
from dashboard.callbacks import overview as page_callbacks
from dashboard.datasets import DATASETS



def panels_for(scope) -> list:
    """The panels a role sees: named roles the map and matrix; a co-ordinator their own tile and row
    beside the national picture; a presenter the national picture only."""
    named_map = chart_panel("overview-map", "Progress of every authority" if scope.sees_named_authorities
                            else "Progress of your authority", height=580)
    matrix = chart_panel("overview-matrix", "Status of each authority on each milestone"
                         if scope.sees_named_authorities else "Your authority on each milestone", height=None)
    national = chart_panel("overview-national", "National progress on each milestone", height=None)
    overdue = chart_panel("overview-overdue", "Overdue milestones", graph=False)
    if not scope.sees_any_authority:
        return [national, overdue]
    if scope.sees_named_authorities:
        return [dbc.Row([dbc.Col(named_map, lg=5), dbc.Col(matrix, lg=7)]), overdue]
    return [dbc.Row([dbc.Col(named_map, lg=5), dbc.Col(matrix, lg=7)]), national, overdue]


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
        *panels_for(current_scope()),
    ])

PAGE = registry.page(
    __name__, path="/", name="Overview", order=0, roles=registry.EVERYONE, layout=layout,
    callbacks=page_callbacks.register,
    downloads=[registry.Download(n, lambda ask, params, n=n: DATASETS[n](ask.db, ask.scope, params, ask.day),
                                 ("review", "authority", "survey", "family_group", "start", "end", "theme", "slide"))
               for n in ["overview-progress", "overview-status", "overview-national", "overview-overdue"]],
)
