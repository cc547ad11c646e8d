"""Data page wiring: the upload's check and commit, and the three tables refreshed after a commit."""
from __future__ import annotations

from dash import Input, Output, State

from dashboard.context import current_ask, updated_stamp
from dashboard.downloads import download_href
from dashboard.ui.panel import fill, panel_outputs

from .life_cycle import change_state
from .panels import PANELS
from .uploads import check_upload, commit_upload, require_importer


def update_tables(_n, _result):
    """Import history, rows held and data-quality warnings, each with its stamp and CSV link."""
    require_importer()
    ask = current_ask()
    stamp = updated_stamp()
    out = []
    for name, panel in PANELS.items():
        out += fill(panel(ask), stamp, download_href(name), graph=False)
    return out


def register(app) -> None:
    app.callback(
        [Output("data-check", "children"), Output("data-commit", "disabled"), Output("data-token", "data"),
         Output("data-problems", "rowData"), Output("data-problems", "columnDefs")],
        Input("data-upload", "contents"), State("data-upload", "filename"), State("data-kind", "value"),
        State("data-review", "value"),
    )(check_upload)
    app.callback(
        [Output("data-result", "children"), Output("data-commit", "disabled", allow_duplicate=True),
         Output("data-token", "data", allow_duplicate=True)],
        Input("data-commit", "n_clicks"), State("data-token", "data"), prevent_initial_call=True,
    )(commit_upload)
    app.callback(
        [Output("data-state-result", "children"), Output("data-state-review", "options")],
        Input("data-state-apply", "n_clicks"), State("data-state-review", "value"), State("data-state-value", "value"),
        prevent_initial_call=True,
    )(change_state)
    outputs = []
    for name in PANELS:
        outputs += panel_outputs(name, graph=False)
    app.callback(outputs, Input("data-refresh", "n_intervals"), Input("data-result", "children"))(update_tables)
