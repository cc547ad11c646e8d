"""The Data page's life-cycle control: an admin or inspector moves a review between its states.

Closed and archived reviews leave the Overview's default and refuse imports until reopened.
Every change writes an audit row (data_access.reviews.set_state).
"""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html
from dash.exceptions import PreventUpdate

from dashboard.auth import current_account
from dashboard.context import current_db
from data_access import reviews

from .uploads import require_importer


def review_choices() -> list[dict]:
    return [{"label": f"{s.title} ({s.status})", "value": s.slug} for s in reviews.states(current_db())]


def section():
    choices = review_choices()
    return html.Section([
        html.H2("Review life cycle", className="h4", id="data-state-heading"),
        html.P("A review is planned, active, reporting, closed or archived. Closed and archived reviews leave the "
               "Overview's default and refuse imports until they are reopened; they can still be chosen on every "
               "page. Every change is recorded in the audit log."),
        dbc.Row([
            dbc.Col([dbc.Label("Review", html_for="data-state-review"),
                     dbc.Select(id="data-state-review", options=choices,
                                value=choices[0]["value"] if choices else None)], md=6),
            dbc.Col([dbc.Label("New state", html_for="data-state-value"),
                     dbc.Select(id="data-state-value", value=reviews.ACTIVE, options=[
                         {"label": f"{state}: {reviews.STATE_MEANING[state]}", "value": state}
                         for state in reviews.STATES])], md=4),
            dbc.Col(dbc.Button("Change state", id="data-state-apply", color="secondary"), md=2,
                    className="d-flex align-items-end"),
        ], className="g-2"),
        html.Div(id="data-state-result", className="mt-2", **{"aria-live": "polite"}),
    ], className="panel", **{"aria-labelledby": "data-state-heading"})


def change_state(n_clicks, slug, state):
    """Apply the chosen state; answers with what happened and the refreshed list of reviews."""
    scope = require_importer()
    if not n_clicks:
        raise PreventUpdate
    if not isinstance(slug, str) or not isinstance(state, str):
        return html.Div("Choose a review and a state.", className="alert alert-warning", role="status"), \
            review_choices()
    account = current_account()
    try:
        before = reviews.set_state(current_db(), slug, state, username=account.username if account else None,
                                   role=scope.role)
    except reviews.ReviewStateError as exc:
        return html.Div(f"Not changed: {exc}.", className="alert alert-danger", role="status"), review_choices()
    text = (f"{slug} was already {state}; nothing changed." if before == state
            else f"{slug} moved from {before} to {state}. The change is in the audit log.")
    return html.Div(text, className="alert alert-success", role="status"), review_choices()
