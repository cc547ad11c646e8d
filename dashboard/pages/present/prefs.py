"""Each presenter's own deck for a review: which slides they hide and in what order (their only write).

The order and the hidden slides are kept on the server for the signed-in user, never taken from
anything but their own choices here, and each save leaves an audit row.
"""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, html
from dash.exceptions import PreventUpdate

from dashboard.auth.identity import current_account
from dashboard.context import current_db
from data_access.presenter_decks import deck_prefs, save_deck_prefs
from data_access.queries import NotFound

from .panels import SLIDES, ordered_keys


def current_prefs(review: str) -> tuple[list[str], frozenset[str]]:
    """The signed-in presenter's order and hidden slides for the review (the usual deck until they change it)."""
    account = current_account()
    if account is None or not review:
        return [], frozenset()
    return deck_prefs(current_db(), account.id, review)


def editor() -> html.Details:
    """The deck editor: tick the slides to show, move one earlier or later, save."""
    return html.Details([
        html.Summary("Shape this deck: choose and order its slides"),
        html.P("Slides with nothing to show are left out of the show whatever you tick.", className="mt-2"),
        html.Div(checkboxes(list(SLIDES), set(SLIDES)), id="present-deck-list", className="present-deck-list"),
        html.Div([
            dbc.Label("Slide to move", html_for="present-deck-pick", className="me-2"),
            dbc.Select(id="present-deck-pick", options=[], className="present-deck-pick"),
            html.Button("Earlier", id="present-deck-up", type="button", className="btn btn-outline-secondary ms-2"),
            html.Button("Later", id="present-deck-down", type="button", className="btn btn-outline-secondary ms-2"),
        ], className="d-flex align-items-center flex-wrap gap-1 my-2"),
        html.Button("Save my deck", id="present-deck-save", type="button", className="btn btn-primary"),
        html.Span(id="present-deck-status", className="ms-3", role="status"),
    ], className="disclosure present-deck-editor", id="present-deck-editor")


SHOW_IDS = [f"present-deck-show-{k}" for k in SLIDES]


def checkboxes(order: list[str], shown: set[str]) -> list:
    """One tick box per slide kind, in the deck's order (each a plain true/false value)."""
    return [dbc.Checkbox(id=f"present-deck-show-{k}", label=f"{n}. {SLIDES[k][0]}", value=k in shown)
            for n, k in enumerate(order, start=1)]


def _options(order: list[str]) -> list[dict]:
    return [{"label": SLIDES[k][0], "value": k} for k in order]


def _shown(ticks) -> set[str]:
    return {k for k, v in zip(SLIDES, ticks) if v is True}


def _order(order) -> list[str]:
    return ordered_keys([k for k in order if isinstance(k, str)] if isinstance(order, list) else [])


def load(review):
    """The editor as the user left it for the review."""
    if not isinstance(review, str) or not review:
        raise PreventUpdate
    order, hidden = current_prefs(review[:200])
    full = ordered_keys(order)
    return checkboxes(full, set(full) - hidden), full, _options(full), full[0]


def reorder(_up, _down, pick, order, *ticks):
    """Move the chosen slide one place earlier or later in the list (saved only with Save)."""
    order = _order(order)
    if pick not in order:
        raise PreventUpdate
    at = order.index(pick)
    to = at - 1 if ctx.triggered_id == "present-deck-up" else at + 1
    if not 0 <= to < len(order):
        raise PreventUpdate
    order[at], order[to] = order[to], order[at]
    return checkboxes(order, _shown(ticks)), order, _options(order)


def save(_clicks, review, order, nav, *ticks):
    account = current_account()
    if account is None or not isinstance(review, str):
        raise PreventUpdate
    order = _order(order)
    hidden = [k for k in order if k not in _shown(ticks)]
    if len(hidden) == len(SLIDES):
        return "Keep at least one slide.", nav
    try:
        save_deck_prefs(current_db(), account.id, account.username, account.role, review[:200], order, hidden,
                        list(SLIDES))
    except NotFound:
        return "That review is not available.", nav
    nav = dict(nav) if isinstance(nav, dict) else {"review": review, "slide": 1}
    saved = nav.get("saved") if isinstance(nav.get("saved"), int) else 0
    return "Saved. The show now uses your deck.", {**nav, "saved": saved + 1}


def register(app) -> None:
    ticks = [State(i, "value") for i in SHOW_IDS]
    app.callback(
        Output("present-deck-list", "children"), Output("present-deck-order", "data"),
        Output("present-deck-pick", "options"), Output("present-deck-pick", "value"),
        Input("present-review", "value"),
    )(load)
    app.callback(
        Output("present-deck-list", "children", allow_duplicate=True),
        Output("present-deck-order", "data", allow_duplicate=True),
        Output("present-deck-pick", "options", allow_duplicate=True),
        Input("present-deck-up", "n_clicks"), Input("present-deck-down", "n_clicks"),
        State("present-deck-pick", "value"), State("present-deck-order", "data"), *ticks, prevent_initial_call=True,
    )(reorder)
    app.callback(
        Output("present-deck-status", "children"), Output("present-nav", "data"),
        Input("present-deck-save", "n_clicks"), State("present-review", "value"),
        State("present-deck-order", "data"), State("present-nav", "data"), *ticks, prevent_initial_call=True,
    )(save)
