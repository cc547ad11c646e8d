"""Nothing the dashboard shows may be sent to an outside service: no chart offers to share itself,
and the browser is told to connect and post only to the app itself."""
from __future__ import annotations

import json

from accounts import EDINBURGH, csrf_header, login_as

from dashboard import registry


def _graphs(node) -> list[dict]:
    found = []
    if isinstance(node, dict):
        if node.get("type") == "Graph":
            found.append(node["props"])
        for value in node.values():
            found += _graphs(value)
    elif isinstance(node, list):
        for value in node:
            found += _graphs(value)
    return found


def _render(client, path: str) -> dict:
    body = {"output": ".._pages_content.children..._pages_store.data..",
            "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                       {"id": "_pages_location", "property": "search", "value": ""}],
            "changedPropIds": ["_pages_location.pathname"]}
    resp = client.post("/_dash-update-component", data=json.dumps(body),
                       headers={"Content-Type": "application/json", **csrf_header(client)})
    assert resp.status_code == 200, (path, resp.status_code)
    return resp.get_json()


def test_no_chart_on_any_page_offers_to_send_itself_anywhere(auth_client):
    login_as(auth_client, "admin")
    graphs = []
    for page in registry.PAGES.values():
        path = f"/local-authorities/{EDINBURGH}" if page.path_template else page.path
        graphs += _graphs(_render(auth_client, path))
    assert len(graphs) >= 15
    for props in graphs:
        config = props.get("config") or {}
        assert config.get("showSendToCloud") is False and config.get("showEditInChartStudio") is False, props["id"]
        assert "sendDataToCloud" in config.get("modeBarButtonsToRemove", []), props["id"]
        assert not config.get("plotlyServerURL"), props["id"]


def test_the_browser_may_connect_and_post_only_to_the_app(auth_client):
    policy = auth_client.get("/login").headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["connect-src"] == "'self'"
    assert directives["form-action"] == "'self'"
    assert directives["default-src"] == "'self'"
