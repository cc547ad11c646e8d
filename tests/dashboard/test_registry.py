"""The registry knows everything the app serves: every Flask route, every callback, every download
and every API route. Whatever it does not know is refused (deny by default)."""
from __future__ import annotations

import json

from accounts import csrf_header, login_as

from dashboard import registry


def test_every_flask_route_is_declared(auth_app):
    endpoints = {rule.endpoint for rule in auth_app.server.url_map.iter_rules()}
    assert endpoints - set(registry.ROUTES) == set()
    api = {e for e in endpoints if e.startswith("api.")}
    assert api and all(registry.ROUTES[e].kind == "api" for e in api)
    # Only the API's description is public: its OpenAPI document and the reference made from it.
    assert {e for e in api if registry.ROUTES[e].public} == {"api.openapi_document", "api.reference_page"}


def test_every_server_callback_belongs_to_a_registered_page(auth_client):
    deps = auth_client.get("/_dash-dependencies").get_json()
    registered = auth_client.application.extensions["oversight_callbacks"]
    server_side = [d for d in deps if not d.get("clientside_function")]
    assert len(server_side) >= 10
    for dep in server_side:
        if "_pages_content" in dep["output"]:
            continue  # Dash Pages' router: checked against the page it would render
        assert registered.page_of(dep["output"]) is not None, dep["output"]


def test_every_download_belongs_to_a_page_and_is_served(auth_client):
    assert len(registry.DOWNLOADS) >= 20
    login_as(auth_client, "admin")
    for name, (page, _download) in registry.DOWNLOADS.items():
        assert page.path in registry.PAGES
        resp = auth_client.get(f"/download/{name}.csv?review=social-work-governance&authority=S12000036")
        assert resp.status_code in (200, 404), (name, resp.status_code)


def test_pages_declare_their_roles_and_public_pages_are_declared(auth_app):
    assert {p.path for p in registry.PAGES.values() if p.public} == {"/about"}
    for page in registry.PAGES.values():
        assert page.roles or page.public, page.path


def test_an_undeclared_route_is_refused_to_every_role(make_app):
    app = make_app()

    @app.server.get("/undeclared")
    def undeclared():
        return "the data"

    client = app.server.test_client()
    assert client.get("/undeclared").status_code == 401
    login_as(client, "admin")
    resp = client.get("/undeclared")
    assert resp.status_code == 403 and "the data" not in resp.get_data(as_text=True)


def test_an_unregistered_callback_is_refused(make_app):
    from dash import Input, Output

    app = make_app()
    app.callback(Output("sneaky", "children"), Input("sneaky-in", "value"))(lambda v: "the data")
    client = app.server.test_client()
    login_as(client, "admin")
    body = {"output": "sneaky.children", "outputs": {"id": "sneaky", "property": "children"},
            "inputs": [{"id": "sneaky-in", "property": "value", "value": 1}], "changedPropIds": ["sneaky-in.value"]}
    resp = client.post("/_dash-update-component", data=json.dumps(body),
                       headers={"Content-Type": "application/json", **csrf_header(client)})
    assert resp.status_code == 403 and "the data" not in resp.get_data(as_text=True)


def test_a_callback_with_its_inputs_rearranged_is_refused(auth_client):
    login_as(auth_client, "admin")
    deps = auth_client.get("/_dash-dependencies").get_json()
    dep = next(d for d in deps if len(d.get("inputs", [])) >= 2 and "_pages_content" not in d["output"]
               and not d.get("clientside_function"))
    inputs = [{**i, "value": None} for i in dep["inputs"]][::-1]
    body = {"output": dep["output"], "outputs": [], "inputs": inputs, "state": [], "changedPropIds": []}
    resp = auth_client.post("/_dash-update-component", data=json.dumps(body),
                            headers={"Content-Type": "application/json", **csrf_header(auth_client)})
    assert resp.status_code == 400


def test_a_duplicate_output_is_accepted_as_the_browser_names_it(auth_client):
    """Dash names an allow_duplicate output 'url.href@<hash>' in the key and in `outputs`: not a re-arrangement."""
    login_as(auth_client, "admin")
    dep = next(d for d in auth_client.get("/_dash-dependencies").get_json() if d["output"].startswith("url.href@"))
    cid, _, prop = dep["output"].partition(".")
    body = {"output": dep["output"], "outputs": {"id": cid, "property": prop},
            "inputs": [{**i, "value": None} for i in dep["inputs"]],
            "state": [{**s, "value": None} for s in dep.get("state", [])], "changedPropIds": []}
    resp = auth_client.post("/_dash-update-component", data=json.dumps(body),
                            headers={"Content-Type": "application/json", **csrf_header(auth_client)})
    assert resp.status_code in (200, 204), resp.get_data(as_text=True)[:200]
