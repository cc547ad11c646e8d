"""The Overview page's review selector, portfolio strip, headline cards and empty chart frames."""
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.context import as_of, current_scope
from dashboard.ui.about_review import about_review
from dashboard.ui.filters import demo_note
from dashboard.ui.panel import chart_panel
from dashboard.ui.selectors import review_options

from .panels import portfolio_lines


def panels_for(scope) -> list:
    """The panels a role sees: named roles the map and matrix; a co-ordinator their own tile and row
    beside the national picture; a presenter the national picture only."""
    named_map = chart_panel("overview-map", "Progress of every authority" if scope.sees_named_authorities
                            else "Progress of your authority", height=580)
    matrix = chart_panel("overview-matrix", "Status of each authority on each milestone"
                         if scope.sees_named_authorities else "Your authority on each milestone", height=None)
    national = chart_panel("overview-national", "National progress on each milestone", height=None)
    overdue = chart_panel("overview-overdue", "Overdue milestones", graph=False, plain=True)
    rolling = html.Div(chart_panel("overview-programme", "The rolling programme: each partnership's inspection"
                                   if scope.sees_any_authority else "The rolling programme: partnerships by stage",
                                   graph=False, plain=True), id="overview-programme-section", hidden=True)
    if not scope.sees_any_authority:
        return [rolling, national, overdue]
    if scope.sees_named_authorities:
        return [rolling, dbc.Row([dbc.Col(named_map, lg=5), dbc.Col(matrix, lg=7)]), overdue]
    return [rolling, dbc.Row([dbc.Col(named_map, lg=5), dbc.Col(matrix, lg=7)]), national, overdue]


PORTFOLIO_SHOWN = 12  # cards in the strip; a larger portfolio shows those needing attention most


def portfolio_cards(frame) -> list:
    """One card per review, the reviews needing attention first, each a link to that review's Overview;
    of a portfolio larger than PORTFOLIO_SHOWN, the first PORTFOLIO_SHOWN and a line saying where the
    rest are (the review list beneath, and the Timeline's chart of every review).

    Status is written as a word and a symbol, the colour only repeats it."""
    cards = []
    for r in frame.head(PORTFOLIO_SHOWN).itertuples():
        lines = portfolio_lines(r)
        cards.append(html.A(html.Div([
            html.Div(r.title, className="portfolio-title"),
            html.Div(lines["status"], className=f"portfolio-status status-{r.standing.replace(' ', '-')}"),
            html.Div(lines["reason"], className="portfolio-reason"),
            html.Div(lines["phase"], className="portfolio-phase"),
            html.Div(lines["overdue"], className="portfolio-overdue", **{"data-overdue": str(int(r.overdue))}),
            html.Div(lines["change"], className="portfolio-change"),
            html.Div(lines["next"], className="portfolio-next"),
        ]), href=f"/?{urlencode({'review': r.slug})}", className="portfolio-card", **{"data-review": r.slug}))
    if len(frame) > PORTFOLIO_SHOWN:
        cards.append(html.P([
            f"These are the {PORTFOLIO_SHOWN} of {len(frame)} reviews most in need of attention. Choose any "
            "review in the list below, or see ", html.A("every review on one time axis", href="/timeline"),
            "."], className="portfolio-more", id="portfolio-more"))
    return cards


def headline_cards(cards: list[dict]):
    """The headline figures as a row of cards."""
    return dbc.Row([
        dbc.Col(html.Div([
            html.Div(c.get("whose", ""), className="card-whose"),
            html.Div(c["label"], className="card-label"),
            html.Div(c["value"], className="card-value"),
            html.Div(c["note"], className="card-note" + (" card-flag" if c.get("flag") else "")),
        ], className="headline-card" + (" flagged" if c.get("flag") else "")), xs=12, sm=6, lg=True)
        for c in cards
    ], className="g-2")


def layout(review: str | None = None, **_query):
    options, chosen = review_options(review)
    return html.Div([
        html.H1("Overview", className="h2"),
        demo_note(chosen) if not as_of()[1] else None,
        dcc.Location(id="overview-url", refresh=False),
        html.Section([
            html.H2("Reviews", className="h4", id="portfolio-heading"),
            html.Div(id="overview-portfolio", className="portfolio-strip"),
        ], **{"aria-labelledby": "portfolio-heading"}),
        dbc.Row(dbc.Col([
            dbc.Label("Review", html_for="overview-review"),
            dbc.Select(id="overview-review", options=options, value=chosen),
        ], md=6), className="my-3"),
        html.Div(id="overview-cards", className="headline-cards"),
        about_review(chosen),
        *panels_for(current_scope()),
    ])
