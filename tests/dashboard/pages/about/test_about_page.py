"""About is public, and leads to the data API's reference, which is public too."""
from __future__ import annotations

import json


def _render(client, path: str) -> dict:
    client.get("/login")  # a visitor's first page sets the CSRF cookie the renderer sends back
    body = {"output": ".._pages_content.children..._pages_store.data..",
            "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                       {"id": "_pages_location", "property": "search", "value": ""}],
            "changedPropIds": ["_pages_location.pathname"]}
    resp = client.post("/_dash-update-component", data=json.dumps(body),
                       headers={"Content-Type": "application/json",
                                "X-CSRFToken": client.get_cookie("_csrf_token").value})
    assert resp.status_code == 200, resp.status_code
    return resp.get_json()


def test_about_links_to_the_api_reference_for_anyone(client):
    links = [n["props"] for n in _nodes(_render(client, "/about")) if n.get("type") == "A"]
    assert {"id": "about-api-reference", "href": "/api/v1/docs"}.items() <= next(
        p for p in links if p.get("id") == "about-api-reference").items()
    reference = client.get("/api/v1/docs")
    assert reference.status_code == 200 and "/api/v1/reviews" in reference.get_data(as_text=True)


def _nodes(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _nodes(value)


def test_about_writes_the_portfolio_status_rule_from_its_constants(client):
    from data_access.portfolio import BEHIND_AFTER_DAYS, BEHIND_SHARE, STATUS_RULE

    body = json.dumps(_render(client, "/about"), ensure_ascii=False)
    assert f"more than {BEHIND_AFTER_DAYS} days overdue for more than {BEHIND_SHARE:.0%}" in body
    for status, _ in STATUS_RULE:
        assert status.capitalize() in body
