"""The administration page: only administrators reach it, and every change is audited."""
from __future__ import annotations

import json

from accounts import SIGN_IN_PASSWORD as PASSWORD
from accounts import csrf_header, login
from sqlalchemy import select

from data_access.models import AuditEntry
from data_access.users import issue_token

ADMIN = "admin-all"  # the administrator the shared `sign_in` fixture makes

ACTION_OUTPUT = "..admin-message.children...admin-version.data.."
STATES = ["admin-version.data", "admin-new-name.value", "admin-new-role.value", "admin-new-la.value",
          "admin-new-password.value", "admin-target.value", "admin-target-role.value", "admin-target-la.value",
          "admin-target-password.value"]
BUTTONS = ["admin-add-button", "admin-role-button", "admin-reset-button", "admin-disable-button",
           "admin-enable-button", "admin-revoke-button"]


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


def test_admin_adds_reroles_resets_and_disables(app, sign_in):
    admin = sign_in("admin")
    assert admin.get("/admin").status_code == 200
    r = action(admin, "admin-add-button", **{"admin-new-name": "new-inspector", "admin-new-role": "inspector",
                                             "admin-new-password": "a long enough password"})
    assert r.status_code == 200 and "Added new-inspector" in r.get_data(as_text=True)
    other = app.server.test_client()
    assert login(other, "new-inspector", "a long enough password").status_code == 302
    r = action(admin, "admin-role-button", **{"admin-target": "new-inspector", "admin-target-role": "coordinator",
                                              "admin-target-la": "S12000049"})
    assert "is now coordinator" in r.get_data(as_text=True)
    assert other.get("/").status_code == 302  # the old session ended with the old role
    r = action(admin, "admin-reset-button", **{"admin-target": "new-inspector",
                                               "admin-target-password": "another long password"})
    assert "Password reset" in r.get_data(as_text=True)
    r = action(admin, "admin-disable-button", **{"admin-target": "new-inspector"})
    assert "Disabled" in r.get_data(as_text=True)
    assert login(app.server.test_client(), "new-inspector", "another long password").status_code == 401
    done = [(a, o) for u, a, o in actions(app) if u == ADMIN]
    for name in ("add user", "change role", "reset password", "disable user"):
        assert (name, "ok") in done
    table = refresh(admin).get_json()["response"]
    users = {row["Username"]: row for row in table["admin-users-table"]["rowData"]}
    assert users["new-inspector"]["Active"] == "no" and users["new-inspector"]["Role"] == "coordinator"
    assert any(row["Action"] == "disable user" for row in table["admin-audit-table"]["rowData"])


def test_bad_admin_input_is_refused_and_audited(app, sign_in):
    admin = sign_in("admin")
    r = action(admin, "admin-add-button", **{"admin-new-name": "x", "admin-new-role": "coordinator",
                                             "admin-new-password": "a long enough password"})
    assert "Not done" in r.get_data(as_text=True)
    assert (ADMIN, "add user", "failed") in actions(app)


def test_admin_actions_refused_to_other_roles(sign_in):
    sign_in("admin")
    for role, la in (("leader", None), ("inspector", None), ("coordinator", "S12000036"), ("presenter", None)):
        client = sign_in(role, la)
        r = action(client, "admin-disable-button", **{"admin-target": ADMIN})
        assert r.status_code == 403
        assert refresh(client).status_code == 403
    sign_in("admin")  # still able to sign in: asserts the sign-in succeeded


def test_admin_cannot_reset_to_a_weak_password_or_add_a_look_alike_name(app, sign_in):
    sign_in("leader")
    admin = sign_in("admin")
    r = action(admin, "admin-reset-button", **{"admin-target": "leader-all", "admin-target-password": "password1234"})
    assert r.status_code == 200 and "too easy to guess" in r.get_data(as_text=True)
    assert login(app.server.test_client(), "leader-all", "password1234").status_code == 401
    assert login(app.server.test_client(), "leader-all", PASSWORD).status_code == 302
    r = action(admin, "admin-add-button", **{"admin-new-name": "ＬＥＡＤＥＲ-ＡＬＬ", "admin-new-role": "admin",
                                             "admin-new-password": "a long enough password"})
    assert "already exists" in r.get_data(as_text=True)


def test_admin_revokes_a_users_api_tokens_and_it_is_audited(app, sign_in):
    sign_in("leader")
    db = app.server.extensions["oversight_db"]
    token = issue_token(db, "leader-all", 90)
    api = app.server.test_client()
    assert api.get("/api/v1/reviews", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    admin = sign_in("admin")
    r = action(admin, "admin-revoke-button", **{"admin-target": "leader-all"})
    assert "Revoked 1 API token of leader-all" in r.get_data(as_text=True)
    assert api.get("/api/v1/reviews", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert ("revoke tokens", "ok") in [(a, o) for u, a, o in actions(app) if u == ADMIN]
    r = action(admin, "admin-revoke-button", **{"admin-target": "leader-all"})
    assert "Revoked 0 API tokens of leader-all" in r.get_data(as_text=True)
