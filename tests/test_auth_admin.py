"""The administration page: only administrators reach it, and every change is audited."""
from __future__ import annotations

import json

from auth_fixtures import *  # noqa: F401,F403 - fixtures and helpers
from auth_fixtures import PASSWORD, csrf_header, login, login_as
from data_access.models import AuditEntry
from sqlalchemy import select

ACTION_OUTPUT = "..admin-message.children...admin-version.data.."
STATES = ["admin-version.data", "admin-new-name.value", "admin-new-role.value", "admin-new-la.value",
          "admin-new-password.value", "admin-target.value", "admin-target-role.value", "admin-target-la.value",
          "admin-target-password.value"]
BUTTONS = ["admin-add-button", "admin-role-button", "admin-reset-button", "admin-disable-button",
           "admin-enable-button"]


def action(client, button: str, **values):
    body = {
        "output": ACTION_OUTPUT,
        "outputs": [{"id": "admin-message", "property": "children"}, {"id": "admin-version", "property": "data"}],
        "inputs": [{"id": b, "property": "n_clicks", "value": 1 if b == button else None} for b in BUTTONS],
        "state": [{"id": s.split(".")[0], "property": s.split(".")[1], "value": values.get(s.split(".")[0])}
                  for s in STATES],
        "changedPropIds": [f"{button}.n_clicks"],
    }
    return client.post("/_dash-update-component", data=json.dumps(body),
                       headers={"Content-Type": "application/json", **csrf_header(client)})


def refresh(client):
    body = {"output": "..admin-users-table.rowData...admin-target.options...admin-audit-table.rowData..",
            "outputs": [{"id": "admin-users-table", "property": "rowData"},
                        {"id": "admin-target", "property": "options"},
                        {"id": "admin-audit-table", "property": "rowData"}],
            "inputs": [{"id": "admin-version", "property": "data", "value": 0}],
            "changedPropIds": ["admin-version.data"]}
    return client.post("/_dash-update-component", data=json.dumps(body),
                       headers={"Content-Type": "application/json", **csrf_header(client)})


def actions(app):
    with app.server.extensions["oversight_db"].reader() as s:
        return s.execute(select(AuditEntry.username, AuditEntry.action, AuditEntry.outcome)
                         .order_by(AuditEntry.id)).all()


def test_admin_adds_reroles_resets_and_disables(auth_app, auth_client):
    login_as(auth_client, "admin")
    assert auth_client.get("/admin").status_code == 200
    r = action(auth_client, "admin-add-button", **{"admin-new-name": "new-inspector", "admin-new-role": "inspector",
                                                   "admin-new-password": "a long enough password"})
    assert r.status_code == 200 and "Added new-inspector" in r.get_data(as_text=True)
    other = auth_app.server.test_client()
    assert login(other, "new-inspector", "a long enough password").status_code == 302
    r = action(auth_client, "admin-role-button", **{"admin-target": "new-inspector", "admin-target-role": "coordinator",
                                                    "admin-target-la": "S12000049"})
    assert "is now coordinator" in r.get_data(as_text=True)
    assert other.get("/").status_code == 302  # the old session ended with the old role
    r = action(auth_client, "admin-reset-button", **{"admin-target": "new-inspector",
                                                     "admin-target-password": "another long password"})
    assert "Password reset" in r.get_data(as_text=True)
    r = action(auth_client, "admin-disable-button", **{"admin-target": "new-inspector"})
    assert "Disabled" in r.get_data(as_text=True)
    assert login(auth_app.server.test_client(), "new-inspector", "another long password").status_code == 401
    done = [(a, o) for u, a, o in actions(auth_app) if u == "t-admin"]
    for name in ("add user", "change role", "reset password", "disable user"):
        assert (name, "ok") in done
    table = refresh(auth_client).get_json()["response"]
    users = {row["Username"]: row for row in table["admin-users-table"]["rowData"]}
    assert users["new-inspector"]["Active"] == "no" and users["new-inspector"]["Role"] == "coordinator"
    assert any(row["Action"] == "disable user" for row in table["admin-audit-table"]["rowData"])


def test_bad_admin_input_is_refused_and_audited(auth_app, auth_client):
    login_as(auth_client, "admin")
    r = action(auth_client, "admin-add-button", **{"admin-new-name": "x", "admin-new-role": "coordinator",
                                                   "admin-new-password": "a long enough password"})
    assert "Not done" in r.get_data(as_text=True)
    assert ("t-admin", "add user", "failed") in actions(auth_app)


def test_admin_actions_refused_to_other_roles(auth_app):
    for role in ("leader", "inspector", "coordinator", "presenter"):
        client = auth_app.server.test_client()
        login_as(client, role)
        r = action(client, "admin-disable-button", **{"admin-target": "t-admin"})
        assert r.status_code == 403
        assert refresh(client).status_code == 403
    assert login(auth_app.server.test_client(), "t-admin", PASSWORD).status_code == 302


def test_admin_cannot_reset_to_a_weak_password_or_add_a_look_alike_name(auth_app, auth_client):
    login_as(auth_client, "admin")
    r = action(auth_client, "admin-reset-button", **{"admin-target": "t-leader",
                                                     "admin-target-password": "password1234"})
    assert r.status_code == 200 and "too easy to guess" in r.get_data(as_text=True)
    assert login(auth_app.server.test_client(), "t-leader", "password1234").status_code == 401
    assert login(auth_app.server.test_client(), "t-leader").status_code == 302
    r = action(auth_client, "admin-add-button", **{"admin-new-name": "Ｔ-ＬＥＡＤＥＲ", "admin-new-role": "admin",
                                                   "admin-new-password": "a long enough password"})
    assert "already exists" in r.get_data(as_text=True)
