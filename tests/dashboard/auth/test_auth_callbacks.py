"""Every callback the app serves, forged as an attacker would send it: anonymous, as each role,
with another authority's code, with a claimed pathname, and without a valid CSRF token."""
from __future__ import annotations

import json

import pytest
from accounts import EDINBURGH, OTHER_CODE, ROLE_USERS, csrf_header, leaks, login_as

from dashboard import registry
from data_access.scope import Scope

REVIEWS = ["social-work-governance", "care-experienced-young-people", "self-evaluation-qi-6-4",
           "joint-inspections-children-at-risk"]
ROLES = list(ROLE_USERS)


def split_output(output: str) -> list[dict]:
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    out = []
    for p in parts:
        cid, prop = p.rsplit(".", 1)
        try:
            cid = json.loads(cid)
        except ValueError:
            pass
        out.append({"id": cid, "property": prop.split("@")[0]})
    return out


CALLBACK_PAGES: dict[str, str] = {}  # output key -> page path, from the app under test's registry


def server_callbacks(client) -> list[dict]:
    deps = client.get("/_dash-dependencies").get_json()
    registered = client.application.extensions["oversight_callbacks"]
    for d in deps:
        page = registered.page_of(d["output"])
        CALLBACK_PAGES[d["output"]] = page.path if page is not None else "/"
    return [d for d in deps if not d.get("clientside_function")]


def page_of(dep) -> str:
    return CALLBACK_PAGES.get(dep["output"], "/")


def value_for(item: dict, review: str, page: str, code: str | None):
    cid, prop = str(item["id"]).lower(), item["property"]
    if prop == "pathname":
        return f"/local-authorities/{code}" if code else page
    if prop == "search":
        return f"?review={review}" + (f"&authority={code}" if code else "")
    if code is not None:
        return code
    if "review" in cid and prop == "value":
        return review
    return None


def body_for(dep: dict, review: str, code: str | None = None, pathname: str | None = None) -> str:
    page = pathname or page_of(dep)
    outputs = split_output(dep["output"])

    def items(kind):
        return [{"id": i["id"], "property": i["property"], "value": value_for(i, review, page, code)}
                for i in dep.get(kind, [])]

    inputs = items("inputs")
    if pathname is not None:
        for i in inputs:
            if i["property"] == "pathname":
                i["value"] = pathname
    return json.dumps({"output": dep["output"], "outputs": outputs if len(outputs) > 1 else outputs[0],
                       "inputs": inputs, "state": items("state"),
                       "changedPropIds": [f"{i['id']}.{i['property']}" for i in dep.get("inputs", [])]})


def post(client, body, headers=None):
    return client.post("/_dash-update-component", data=body,
                       headers={"Content-Type": "application/json", **(headers or {})})


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
