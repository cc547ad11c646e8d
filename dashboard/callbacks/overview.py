"""Overview callbacks: read the review chosen, ask data_access with the caller's scope, build.

One callback per panel, so each role's layout (which holds only the panels it may see) fires
only its own, and the browser fetches them in parallel.
"""
from __future__ import annotations

from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import Input, Output, html
from dash.exceptions import PreventUpdate

from data_access import queries

from ..ui import figures
from ..ui.format import plural, uk_date
from ..ui.panel import panel_outputs, panel_values
from ..context import as_of, current_db, current_scope, updated_stamp
from ..datasets import overview_national, overview_overdue, overview_progress, overview_status
from ..downloads import download_href
from dashboard.profile_links import link_graphs_to_profiles

UNAVAILABLE = "That review is not available."


def _request(review: str | None):
    """The database, scope, as-of date and the review's portfolio row; stops on an unknown review."""
    if not review:
        raise PreventUpdate
    db, scope = current_db(), current_scope()
    day, _ = as_of()
    portfolio = queries.reviews(db, scope, as_of=day)
    if review not in set(portfolio.slug):
        return db, scope, day, portfolio, None
    return db, scope, day, portfolio, portfolio[portfolio.slug == review].iloc[0]


def portfolio_cards(frame):
    cards = []
    for r in frame.itertuples():
        nxt = (f"Next: {r.next_milestone}, {uk_date(r.next_due)} ({plural(int(r.days_to_next), 'day')})"
               if r.next_milestone else "No milestones ahead")
        cards.append(html.A(html.Div([
            html.Div(r.title, className="portfolio-title"),
            html.Div(r.current_phase, className="portfolio-phase"),
            html.Div(nxt, className="portfolio-next"),
        ]), href=f"/?{urlencode({'review': r.slug})}", className="portfolio-card"))
    return cards


def headline_cards(cards):
    return dbc.Row([
        dbc.Col(html.Div([
            html.Div(c["label"], className="card-label"),
            html.Div(c["value"], className="card-value"),
            html.Div(c["note"], className="card-note"),
        ], className="headline-card"), xs=12, sm=6, lg=True)
        for c in cards
    ], className="g-2")


def update_header(review: str | None):
    """The URL, the portfolio strip and the headline cards."""
    db, scope, day, portfolio, this = _request(review)
    if this is None:
        return "", portfolio_cards(portfolio), html.P(UNAVAILABLE, className="alert alert-warning")
    counts = queries.national_status_counts(db, scope, review, as_of=day)
    surveys = queries.survey_totals(db, scope, review, as_of=day)
    themes = queries.theme_totals(db, scope, review, as_of=day)
    cards = headline_cards(figures.headline_cards_data(this, counts, surveys, themes, day))
    return "?" + urlencode({"review": review}), portfolio_cards(portfolio), cards


def _unavailable(graph: bool = True):
    import pandas as pd

    return panel_values(UNAVAILABLE, figures.empty_figure(UNAVAILABLE) if graph else None, pd.DataFrame(), "", "#")


def update_map(review: str | None):
    db, scope, day, _, this = _request(review)
    if this is None:
        return _unavailable()
    prog = queries.authority_progress(db, scope, review, as_of=day)
    behind = int((prog.overdue > 0).sum())
    if scope.sees_named_authorities:
        summary = (f"{plural(len(prog), 'authority', 'authorities')} take part; {behind} "
                   f"{'has' if behind == 1 else 'have'} at least one overdue milestone.")
    elif prog.empty:
        summary = "Your authority takes no part in this review's milestones."
    else:
        r = prog.iloc[0]
        summary = (f"{r['name']} has completed {int(r.complete)} of {int(r.milestones)} milestones; "
                   f"{plural(int(r.overdue), 'is', 'are')} overdue.").replace(" 1 is", " 1 is")
    fig = figures.tile_map(prog, name_others=scope.sees_named_authorities)
    return panel_values(summary, fig, overview_progress(db, scope, {"review": review}, day), updated_stamp(),
                        download_href("overview-progress", review=review))


def update_matrix(review: str | None):
    db, scope, day, _, this = _request(review)
    if this is None:
        return _unavailable()
    status = queries.milestone_status(db, scope, review, as_of=day)
    done = int((status.status == "complete").sum())
    summary = (f"{done} of {len(status)} authority milestones are complete; "
               f"{int((status.status == 'overdue').sum())} are overdue.")
    return panel_values(summary, figures.status_matrix(status), overview_status(db, scope, {"review": review}, day),
                        updated_stamp(), download_href("overview-status", review=review))


def update_national(review: str | None):
    db, scope, day, _, this = _request(review)
    if this is None:
        return _unavailable()
    counts = queries.national_status_counts(db, scope, review, as_of=day)
    total = int(counts.authorities.sum()) if not counts.empty else 0
    done = int(counts[counts.status == "complete"].authorities.sum()) if total else 0
    late = int(counts[counts.status == "overdue"].authorities.sum()) if total else 0
    summary = f"Across Scotland, {done} of {total} authority milestones are complete and {late} are overdue."
    return panel_values(summary, figures.status_counts_bar(counts), overview_national(db, scope, {"review": review}, day),
                        updated_stamp(), download_href("overview-national", review=review))


def update_overdue(review: str | None):
    db, scope, day, _, this = _request(review)
    if this is None:
        return _unavailable(graph=False)
    table = overview_overdue(db, scope, {"review": review}, day)
    n = int(table["Authorities overdue"].sum()) if "Authorities overdue" in table else len(table)
    summary = "No milestones are overdue." if n == 0 else f"{plural(n, 'milestone')} overdue as of {uk_date(day)}."
    return panel_values(summary, None, table, updated_stamp(), download_href("overview-overdue", review=review))


def register(app) -> None:
    review = Input("overview-review", "value")
    app.callback([Output("overview-url", "search"), Output("overview-portfolio", "children"),
                  Output("overview-cards", "children")], review)(update_header)
    app.callback(panel_outputs("overview-map"), review)(update_map)
    app.callback(panel_outputs("overview-matrix"), review)(update_matrix)
    app.callback(panel_outputs("overview-national"), review)(update_national)
    app.callback(panel_outputs("overview-overdue", graph=False), review)(update_overdue)
    link_graphs_to_profiles(app, "overview-map-graph", "overview-matrix-graph")
