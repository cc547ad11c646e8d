"""Every callback the app serves, forged as an attacker would send it: anonymous, as each role,
with another authority's code, with a claimed pathname, and without a valid CSRF token."""
from __future__ import annotations

import pytest
from accounts import EDINBURGH, OTHER_CODE, ROLE_USERS, csrf_header, leaks, login_as
from forged_callbacks import body_for, page_of, post, server_callbacks

from dashboard import registry
from data_access.scope import Scope

REVIEWS = ["social-work-governance", "care-experienced-young-people", "self-evaluation-qi-6-4",
           "joint-inspections-children-at-risk"]
ROLES = list(ROLE_USERS)


def test_there_are_callbacks_to_check(auth_client):
    assert len(server_callbacks(auth_client)) >= 3


def test_every_callback_refuses_anonymous(auth_client):
    auth_client.get("/about")
    headers = csrf_header(auth_client)
    for dep in server_callbacks(auth_client):
        resp = post(auth_client, body_for(dep, REVIEWS[0]), headers)
        assert resp.status_code == 401, dep["output"]
        assert not leaks(resp.get_data(as_text=True), "presenter")


@pytest.mark.parametrize("role", ROLES)
def test_every_callback_without_csrf_is_refused(auth_client, role):
    login_as(auth_client, role)
    for dep in server_callbacks(auth_client):
        body = body_for(dep, REVIEWS[0])
        assert post(auth_client, body).status_code == 400, dep["output"]
        assert post(auth_client, body, {"X-CSRFToken": "forged"}).status_code == 400, dep["output"]


@pytest.mark.parametrize("role", ROLES)
def test_every_callback_answers_each_role_within_scope(auth_client, role):
    login_as(auth_client, role)
    headers = csrf_header(auth_client)
    for dep in server_callbacks(auth_client):
        for review in REVIEWS:
            resp = post(auth_client, body_for(dep, review), headers)
            assert resp.status_code in (200, 204, 403), (dep["output"], review, resp.status_code)
            found = leaks(resp.get_data(as_text=True), role)
            assert not found, (dep["output"], review, found[:5])


@pytest.mark.parametrize("role", ["coordinator", "presenter"])
def test_another_authoritys_code_gets_403_or_nothing(auth_client, role):
    login_as(auth_client, role)
    headers = csrf_header(auth_client)
    for dep in server_callbacks(auth_client):
        resp = post(auth_client, body_for(dep, REVIEWS[0], code=OTHER_CODE), headers)
        assert resp.status_code in (204, 403), (dep["output"], resp.status_code)
        assert not leaks(resp.get_data(as_text=True), role)


def test_coordinator_own_code_is_accepted_where_it_is_used(auth_client):
    login_as(auth_client, "coordinator")
    headers = csrf_header(auth_client)
    scope = Scope("coordinator", EDINBURGH)
    registered = auth_client.application.extensions["oversight_callbacks"]
    for dep in server_callbacks(auth_client):
        resp = post(auth_client, body_for(dep, REVIEWS[0], pathname=f"/local-authorities/{EDINBURGH}"), headers)
        shell = registered.page_of(dep["output"]) in registry.SHELL_PARTS  # the header's: by the part's roles
        allowed = registered.page_of(dep["output"]).allows(scope.role) if shell else \
            page_of(dep) in registry.paths_for(scope.role)
        expected = (200, 204) if allowed else (403,)
        assert resp.status_code in expected, (dep["output"], resp.status_code)
        assert not leaks(resp.get_data(as_text=True), "coordinator")


@pytest.mark.parametrize("role,pathname", [
    ("presenter", "/admin"), ("presenter", "/data"), ("presenter", f"/local-authorities/{EDINBURGH}"),
    ("coordinator", f"/local-authorities/{OTHER_CODE}"), ("coordinator", "/present"), ("coordinator", "/data"),
    ("leader", "/admin"), ("leader", "/data"), ("inspector", "/admin"),
])
def test_spoofed_pathname_is_refused(auth_client, role, pathname):
    login_as(auth_client, role)
    headers = csrf_header(auth_client)
    for dep in server_callbacks(auth_client):
        if not any(i["property"] == "pathname" for i in dep["inputs"]):
            continue
        resp = post(auth_client, body_for(dep, REVIEWS[0], pathname=pathname), headers)
        assert resp.status_code == 403, (dep["output"], resp.status_code)
        assert not leaks(resp.get_data(as_text=True), role)


@pytest.mark.parametrize("role", ["presenter", "coordinator", "leader"])
def test_admin_callbacks_are_refused_to_other_roles(auth_client, role):
    login_as(auth_client, role)
    headers = csrf_header(auth_client)
    admin = [d for d in server_callbacks(auth_client) if page_of(d) == "/admin"]
    assert admin, "the admin page registers callbacks"
    for dep in admin:
        resp = post(auth_client, body_for(dep, REVIEWS[0]), headers)
        assert resp.status_code == 403, dep["output"]
        assert "t-admin" not in resp.get_data(as_text=True)
