"""The Administration page: the users table, the add and change forms, and the audit log's frame."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.ui.panel import grid
from data_access.reference import AUTHORITIES, ROLES

from .panels import AUDIT_COLUMNS, USER_COLUMNS

ROLE_OPTIONS = [{"label": r, "value": r} for r in ROLES]
AUTHORITY_OPTIONS = [{"label": "(none: only co-ordinators have one)", "value": ""}] + [
    {"label": f"{a.name} ({a.gss_code})", "value": a.gss_code} for a in sorted(AUTHORITIES, key=lambda a: a.name)]


def _field(label, component_id, component):
    return dbc.Col([dbc.Label(label, html_for=component_id), component], xs=12, md=3)


def layout(**_query):
    return html.Div([
        html.H1("Administration", className="h2"),
        dcc.Store(id="admin-version", data=0),
        html.Div(id="admin-message", role="status", className="my-2", **{"aria-live": "polite"}),
        html.Section([
            html.H2("Users and roles", className="h4 panel-heading", id="admin-users-heading"),
            grid("admin-users-table", columns=[{"field": f} for f in USER_COLUMNS]),
        ], className="panel", **{"aria-labelledby": "admin-users-heading"}),
        html.Section([
            html.H2("Add a user", className="h4 panel-heading", id="admin-add-heading"),
            dbc.Row([
                _field("Username", "admin-new-name", dbc.Input(id="admin-new-name", autoComplete="off")),
                _field("Role", "admin-new-role", dbc.Select(id="admin-new-role", options=ROLE_OPTIONS, value="leader")),
                _field("Authority (co-ordinators)", "admin-new-la",
                       dbc.Select(id="admin-new-la", options=AUTHORITY_OPTIONS, value="")),
                _field("Password (12 characters or more)", "admin-new-password",
                       dbc.Input(id="admin-new-password", type="password", autoComplete="new-password")),
            ], className="g-2"),
            dbc.Button("Add user", id="admin-add-button", className="mt-2"),
        ], className="panel", **{"aria-labelledby": "admin-add-heading"}),
        html.Section([
            html.H2("Change a user", className="h4 panel-heading", id="admin-change-heading"),
            dbc.Row([
                _field("User", "admin-target", dbc.Select(id="admin-target", options=[])),
                _field("New role", "admin-target-role", dbc.Select(id="admin-target-role", options=ROLE_OPTIONS)),
                _field("Authority (co-ordinators)", "admin-target-la",
                       dbc.Select(id="admin-target-la", options=AUTHORITY_OPTIONS, value="")),
                _field("New password (12 characters or more)", "admin-target-password",
                       dbc.Input(id="admin-target-password", type="password", autoComplete="new-password")),
            ], className="g-2"),
            html.Div([
                dbc.Button("Change role", id="admin-role-button", className="me-2"),
                dbc.Button("Reset password", id="admin-reset-button", className="me-2"),
                dbc.Button("Disable", id="admin-disable-button", color="danger", className="me-2"),
                dbc.Button("Enable", id="admin-enable-button", color="secondary", className="me-2"),
                dbc.Button("Revoke API tokens", id="admin-revoke-button", color="danger", outline=True),
            ], className="mt-2"),
            html.P("Changing a role, resetting a password or disabling a user ends their sessions.",
                   className="panel-summary mt-2"),
        ], className="panel", **{"aria-labelledby": "admin-change-heading"}),
        html.Section([
            html.H2("Audit log", className="h4 panel-heading", id="admin-audit-heading"),
            html.P("Sign-ins, failed sign-ins, denials, downloads and administrative actions, newest first.",
                   className="panel-summary"),
            grid("admin-audit-table", columns=[{"field": f} for f in AUDIT_COLUMNS]),
        ], className="panel", **{"aria-labelledby": "admin-audit-heading"}),
    ])
