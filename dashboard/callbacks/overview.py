"""Overview callbacks: read the review chosen, ask data_access with the caller's scope, build."""
from __future__ import annotations

from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import Input, Output, html, no_update
from dash.exceptions import PreventUpdate

from data_access import queries

from ..components import figures
from ..components.format import percent, plural, uk_date
from ..context import as_of, current_db, current_scope, updated_stamp
from ..datasets import overview_overdue, overview_progress, overview_status
from ..downloads import download_href


def _columns(frame):
    return [{"field": c} for c in frame.columns]


def _records(frame):
    out = frame.copy()
    for c in out.columns:
        if out[c].dtype == object:
            out[c] = [uk_date(v) if hasattr(v, "isoformat") and not isinstance(v, str) else v for v in out[c]]
    return out.to_dict("records")


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


def update_overview(review: str | None):
    """Everything on the Overview for one review, scoped to the caller."""
    if not review:
        raise PreventUpdate
    db, scope = current_db(), current_scope()
    day, _ = as_of()
    params = {"review": review}
    try:
        all_reviews = queries.reviews(db, scope, as_of=day)
        if review not in set(all_reviews.slug):
            raise queries.NotFound(review)
    except queries.NotFound:
        msg = "That review is not available."
        empty = figures.empty_figure(msg)
        return (no_update, [], html.P(msg), msg, empty, [], [], "", "#", msg, empty, [], [], "", "#",
                msg, [], [], "", "#")
    this = all_reviews[all_reviews.slug == review].iloc[0]
    counts = queries.national_status_counts(db, scope, review, as_of=day)
    surveys = queries.survey_totals(db, scope, review, as_of=day)
    themes = queries.theme_totals(db, scope, review, as_of=day)
    cards = headline_cards(figures.headline_cards_data(this, counts, surveys, themes, day))
    stamp = updated_stamp()

    progress_table = overview_progress(db, scope, params, day)
    status_table = overview_status(db, scope, params, day)
    overdue_table = overview_overdue(db, scope, params, day)

    total = int(counts.authorities.sum()) if not counts.empty else 0
    if scope.sees_any_authority:
        prog = queries.authority_progress(db, scope, review, as_of=day)
        behind = int((prog.overdue > 0).sum())
        map_fig = figures.tile_map(prog)
        map_summary = (f"{plural(len(prog), 'authority', 'authorities')} shown; {behind} "
                       f"{'has' if behind == 1 else 'have'} at least one overdue milestone.")
        status = queries.milestone_status(db, scope, review, as_of=day)
        matrix_fig = figures.status_matrix(status)
        n_done = int((status.status == "complete").sum())
        matrix_summary = (f"{n_done} of {len(status)} authority milestones are complete; "
                          f"{int((status.status == 'overdue').sum())} are overdue.")
    else:
        map_fig = figures.status_counts_bar(counts)
        done = int(counts[counts.status == "complete"].authorities.sum()) if total else 0
        map_summary = f"National picture: {done} of {total} authority milestones complete."
        matrix_fig = map_fig
        matrix_summary = map_summary
    n_over = len(overdue_table) if scope.sees_any_authority else int(overdue_table.iloc[:, 1].sum() if len(overdue_table) else 0)
    overdue_summary = ("No milestones are overdue." if n_over == 0 else
                       f"{plural(n_over, 'milestone')} overdue as of {uk_date(day)}.")
    search = "?" + urlencode({"review": review})
    return (
        search, portfolio_cards(all_reviews), cards,
        map_summary, map_fig, _records(progress_table), _columns(progress_table), stamp,
        download_href("overview-progress", review=review),
        matrix_summary, matrix_fig, _records(status_table), _columns(status_table), stamp,
        download_href("overview-status", review=review),
        overdue_summary, _records(overdue_table), _columns(overdue_table), stamp,
        download_href("overview-overdue", review=review),
    )


def open_authority(click):
    """A click on a map tile or a matrix row opens that authority's profile."""
    if not click or not click.get("points"):
        raise PreventUpdate
    code = click["points"][0].get("customdata")
    if not code or not current_scope().may_see_authority(code):
        raise PreventUpdate
    return f"/local-authorities/{code}"


def register(app) -> None:
    outputs = [Output("overview-url", "search"), Output("overview-portfolio", "children"),
               Output("overview-cards", "children")]
    for panel in ("overview-map", "overview-matrix"):
        outputs += [Output(f"{panel}-summary", "children"), Output(f"{panel}-graph", "figure"),
                    Output(f"{panel}-table", "rowData"), Output(f"{panel}-table", "columnDefs"),
                    Output(f"{panel}-updated", "children"), Output(f"{panel}-download", "href")]
    outputs += [Output("overview-overdue-summary", "children"), Output("overview-overdue-table", "rowData"),
                Output("overview-overdue-table", "columnDefs"), Output("overview-overdue-updated", "children"),
                Output("overview-overdue-download", "href")]
    app.callback(outputs, Input("overview-review", "value"))(update_overview)
    app.callback(Output("url", "href", allow_duplicate=True), Input("overview-map-graph", "clickData"),
                 prevent_initial_call=True)(open_authority)
