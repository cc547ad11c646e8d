"""About is public, and leads to the data API's reference, which is public too."""
from __future__ import annotations

import json

from page_helpers import nodes, render_page


def test_about_links_to_the_api_reference_for_anyone(client):
    links = [n["props"] for n in nodes(render_page(client, "/about")) if n.get("type") == "A"]
    assert {"id": "about-api-reference", "href": "/api/v1/docs"}.items() <= next(
        p for p in links if p.get("id") == "about-api-reference").items()
    reference = client.get("/api/v1/docs")
    assert reference.status_code == 200 and "/api/v1/reviews" in reference.get_data(as_text=True)


def test_about_writes_the_portfolio_status_rule_from_its_constants(client):
    from data_access.portfolio import BEHIND_AFTER_DAYS, BEHIND_SHARE, STATUS_RULE

    body = json.dumps(render_page(client, "/about"), ensure_ascii=False)
    assert f"more than {BEHIND_AFTER_DAYS} days overdue for more than {BEHIND_SHARE:.0%}" in body
    for status, _ in STATUS_RULE:
        assert status.capitalize() in body
