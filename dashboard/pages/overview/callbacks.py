"""Overview wiring: the review chosen in, the header and each panel's content out.

One callback per panel, so each role's layout (which holds only the panels it may see) fires
only its own, and the browser fetches them in parallel.
"""
from __future__ import annotations

from dash import Input, Output, State, html, no_update
from dash.exceptions import PreventUpdate

from dashboard.context import current_ask, updated_stamp
from dashboard.downloads import download_href
from dashboard.ui.filters import address_for_action, address_params, query_string
from dashboard.ui.panel import Panel, fill, panel_outputs, register_panels, register_tables
from dashboard.ui.profile_links import link_graphs_to_profiles
from dashboard.ui.selectors import review_options
from data_access import programme
from data_access.cache import remembered
from data_access.queries import NotFound

from .layout import headline_cards, portfolio_cards
from .panels import PANELS, Filters, headline_figures, portfolio, review_row

UNAVAILABLE = "That review is not available."
# The panels without a chart are plain tables (no grid to load before the page's first callbacks), each
# named for assistive technology.
TABLE_LABELS = {"overview-overdue": "Table of overdue milestones",
                "overview-programme": "Table of the rolling programme"}


def header_content(ask, review: str) -> tuple:
    """The portfolio strip, the review's headline cards (None for a review the caller may not see) and
    whether it is a rolling programme; built once per scope, day, review and data version, then read
    whole from the cache."""
    def build():
        reviews = portfolio(ask)
        try:
            row = review_row(ask, review, reviews)
        except NotFound:
            return portfolio_cards(reviews), None, False
        rolling = programme.is_rolling_programme(ask.db, ask.scope, review, as_of=ask.day)
        return portfolio_cards(reviews), headline_cards(headline_figures(ask, row)), rolling

    return remembered("overview:header", ask.db, ask.scope, (review,), ask.day, build)


def update_header(review: str | None, search: str | None = None):
    """The URL, the portfolio strip, the headline cards, and whether the rolling programme's panel shows.
    The address is written only when a person chose another review, never when it already names it
    (the page drawn from it, or Back and Forward: `restore_review`)."""
    if not review:
        raise PreventUpdate
    strip, cards, rolling = header_content(current_ask(), review)
    if cards is None:
        return no_update, strip, html.P(UNAVAILABLE, className="alert alert-warning"), True
    named = address_params(search).get("review")
    address = no_update if named == review else address_for_action(query_string(review=review))
    return address, strip, cards, not rolling


def restore_review(search: str | None, review: str | None):
    """On Back or Forward, the review the address names (the default where it names none); the header and
    the panels follow the review. Not run as the page is drawn (the layout already reads the address),
    so the panels never wait for it."""
    wanted = address_params(search).get("review") or review_options(None)[1]
    if not wanted or wanted == review:
        raise PreventUpdate
    return wanted


def _update(panel_id: str, review: str | None) -> list:
    """One panel's content, its stamp and the link to its CSV."""
    if not review:
        raise PreventUpdate
    download, panel, graph = PANELS[panel_id]
    ask = current_ask()
    f = Filters.parse({"review": review}, ask.scope)
    plain = TABLE_LABELS.get(panel_id)
    try:
        content = panel(ask, f)
    except NotFound:
        return fill(Panel(UNAVAILABLE, None), "", "#", graph=graph, plain=plain)
    return fill(content, updated_stamp(), download_href(download, review=f.review), graph=graph, plain=plain)


def update_map(review: str | None):
    return _update("overview-map", review)


def update_matrix(review: str | None):
    return _update("overview-matrix", review)


def update_national(review: str | None):
    return _update("overview-national", review)


def update_overdue(review: str | None):
    return _update("overview-overdue", review)


def update_programme(review: str | None):
    return _update("overview-programme", review)


def register(app) -> None:
    review = Input("overview-review", "value")
    app.callback([Output("overview-url", "search"), Output("overview-portfolio", "children"),
                  Output("overview-cards", "children"), Output("overview-programme-section", "hidden")],
                 review, State("overview-url", "search"))(update_header)
    app.callback(Output("overview-review", "value"), Input("overview-url", "search"), State("overview-review", "value"),
                 prevent_initial_call=True)(restore_review)
    for panel_id, update in (("overview-map", update_map), ("overview-matrix", update_matrix),
                             ("overview-national", update_national), ("overview-overdue", update_overdue),
                             ("overview-programme", update_programme)):
        register_panels(app, panel_outputs(panel_id, graph=PANELS[panel_id][2], plain=panel_id in TABLE_LABELS),
                        [review], update)
    register_tables(app, {panel_id: download for panel_id, (download, _fn, graph) in PANELS.items() if graph})
    link_graphs_to_profiles(app, "overview-map-graph", "overview-matrix-graph")
