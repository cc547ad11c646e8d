"""Administration wiring: every callback checks, on the server, that the caller is an administrator."""
from __future__ import annotations

from dash import Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from dashboard.auth import require_role, write_audit
from dashboard.context import current_db
from dashboard.ui.tables import records
from data_access import audit

from .actions import Refused, UserForm, change_user
from .panels import audit_table, users_table


def refresh_admin(_version):
    """The users table, the user picker and the audit log."""
    require_role("admin")
    db = current_db()
    people = users_table(db)
    options = [{"label": name, "value": name} for name in people.Username]
    return records(people), options, records(audit_table(db))


def admin_action(_add, _role, _reset, _disable, _enable, _revoke, version, name, role, la, password,
                 target, target_role, target_la, target_password):
    """Add, re-role, reset, disable or enable a user, or revoke their API tokens; one audit row for each attempt."""
    me = require_role("admin")
    button = ctx.triggered_id
    if button is None:
        raise PreventUpdate
    form = UserForm(name, role, la, password, target, target_role, target_la, target_password)
    try:
        done = change_user(current_db(), me.username, button, form)
    except Refused as exc:
        write_audit(exc.action, audit.FAILED, f"{exc.who}: {exc}"[:500])
        return f"Not done: {exc}.", no_update
    if done is None:
        raise PreventUpdate
    write_audit(done.action, audit.OK, done.detail)
    return done.message, (version or 0) + 1


def register(app) -> None:
    app.callback(
        Output("admin-users-table", "rowData"), Output("admin-target", "options"),
        Output("admin-audit-table", "rowData"),
        Input("admin-version", "data"),
    )(refresh_admin)
    app.callback(
        Output("admin-message", "children"), Output("admin-version", "data"),
        Input("admin-add-button", "n_clicks"), Input("admin-role-button", "n_clicks"),
        Input("admin-reset-button", "n_clicks"), Input("admin-disable-button", "n_clicks"),
        Input("admin-enable-button", "n_clicks"), Input("admin-revoke-button", "n_clicks"),
        State("admin-version", "data"),
        State("admin-new-name", "value"), State("admin-new-role", "value"), State("admin-new-la", "value"),
        State("admin-new-password", "value"),
        State("admin-target", "value"), State("admin-target-role", "value"), State("admin-target-la", "value"),
        State("admin-target-password", "value"),
        prevent_initial_call=True,
    )(admin_action)
