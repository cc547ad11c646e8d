"""Administration callbacks: every one checks, on the server, that the caller is an administrator."""
from __future__ import annotations

from dash import Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from data_access import audit
from data_access import users as accounts

from ..auth import require_role, write_audit
from ..ui.format import uk_datetime
from ..context import current_db


def refresh_admin(_version):
    """The users table, the user picker and the audit log."""
    require_role("admin")
    db = current_db()
    people = accounts.list_users(db)
    rows = [{"Username": u["username"], "Role": u["role"], "Authority": u["gss_code"] or "",
             "Active": "yes" if u["active"] else "no", "Demonstration": "yes" if u["is_demo"] else "no"}
            for u in people]
    options = [{"label": u["username"], "value": u["username"]} for u in people]
    log = audit.recent(db, limit=1000)
    entries = [{"When": uk_datetime(r.at), "User": r.username or "", "Role": r.role or "", "Scope": r.scope or "",
                "Action": r.action, "Outcome": r.outcome, "Detail": r.detail} for r in log.itertuples()]
    return rows, options, entries


def admin_action(_add, _role, _reset, _disable, _enable, version, name, role, la, password,
                 target, target_role, target_la, target_password):
    """Add, re-role, reset, disable or enable a user; one audit row for each attempt."""
    me = require_role("admin")
    db = current_db()
    button = ctx.triggered_id
    if button is None:
        raise PreventUpdate
    action, who = {"admin-add-button": "add user", "admin-role-button": "change role",
                   "admin-reset-button": "reset password", "admin-disable-button": "disable user",
                   "admin-enable-button": "enable user"}.get(button, "change user"), ""
    try:
        if button == "admin-add-button":
            action, who = "add user", (name or "").strip()
            accounts.add_user(db, who, role or "", password or None, la or None)
            message = f"Added {who} ({role})."
        else:
            who = target or ""
            if not who:
                raise accounts.UserError("choose a user first")
            if button == "admin-role-button":
                action = "change role"
                accounts.set_role(db, who, target_role or "", target_la or None)
                message = f"{who} is now {target_role}."
            elif button == "admin-reset-button":
                action = "reset password"
                accounts.set_password(db, who, target_password or "")
                message = f"Password reset for {who}."
            elif button == "admin-disable-button":
                action = "disable user"
                if who == me.username:
                    raise accounts.UserError("you cannot disable your own account")
                accounts.set_active(db, who, False)
                message = f"Disabled {who}."
            elif button == "admin-enable-button":
                action = "enable user"
                accounts.set_active(db, who, True)
                message = f"Enabled {who}."
            else:
                raise PreventUpdate
    except accounts.UserError as exc:
        write_audit(action, audit.FAILED, f"{who}: {exc}"[:500])
        return f"Not done: {exc}.", no_update
    detail = {"change role": f"{who} to {target_role} {target_la or ''}".strip(),
              "add user": f"{who} as {role} {la or ''}".strip()}.get(action, who)
    write_audit(action, audit.OK, detail)
    return message, (version or 0) + 1


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
        Input("admin-enable-button", "n_clicks"),
        State("admin-version", "data"),
        State("admin-new-name", "value"), State("admin-new-role", "value"), State("admin-new-la", "value"),
        State("admin-new-password", "value"),
        State("admin-target", "value"), State("admin-target-role", "value"), State("admin-target-la", "value"),
        State("admin-target-password", "value"),
        prevent_initial_call=True,
    )(admin_action)
