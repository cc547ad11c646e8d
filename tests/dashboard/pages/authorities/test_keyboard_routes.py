"""Keyboard routes to a profile without a chart: the authority list and "My authority" in the navigation,
and table rows that link each authority's name to its profile, for the roles that may open it only."""
from __future__ import annotations

import pytest
from accounts import ALL_CODES, EDINBURGH, login_as
from dash_helpers import call, dependencies, find_callback, opened_table, response_props
from page_helpers import links, nodes, render_page, route

GOV = "social-work-governance"


def _nav(client) -> dict[str, str]:
    frame = client.get("/_dash-layout").get_json()
    nav = next(n for n in nodes(frame) if n.get("type") == "Nav" and n["props"].get("aria-label") == "Main")
    return links(nav)


@pytest.mark.parametrize("role", ["admin", "leader", "inspector"])
def test_named_roles_have_the_authority_list_linking_every_profile(auth_client, role):
    login_as(auth_client, role)
    nav = _nav(auth_client)
    assert nav.get("Authorities") == "/authorities" and "My authority" not in nav
    listed = set(links(render_page(auth_client, "/authorities")).values())
    assert listed == {f"/local-authorities/{code}" for code in ALL_CODES}


def test_a_coordinator_has_my_authority_and_no_list(auth_client):
    login_as(auth_client, "coordinator")
    nav = _nav(auth_client)
    assert nav.get("nav-my-authority") == f"/local-authorities/{EDINBURGH}" and "Authorities" not in nav
    assert route(auth_client, "/authorities").status_code == 403


def test_a_presenter_has_neither(auth_client):
    login_as(auth_client, "presenter")
    nav = _nav(auth_client)
    assert "Authorities" not in nav and "nav-my-authority" not in nav
    assert not any("/local-authorities" in (href or "") for href in nav.values())
    assert route(auth_client, "/authorities").status_code == 403


def _survey_tables(client) -> dict:
    dep = find_callback(dependencies(client), "surveys-review", "value")
    resp = call(client, dep, {"surveys-review.value": GOV, "surveys-survey.value": "staff-survey"},
                headers={"X-CSRFToken": client.get_cookie("_csrf_token").value}, pathname="/surveys")
    assert resp.status_code == 200, resp.status_code
    return response_props(resp)


@pytest.mark.parametrize("role,expected", [("inspector", set(ALL_CODES)), ("coordinator", {EDINBURGH}),
                                           ("presenter", set())])
def test_survey_table_rows_link_to_the_profiles_the_role_may_open(auth_client, role, expected):
    login_as(auth_client, role)
    props = _survey_tables(auth_client)
    table = opened_table(auth_client, props, "surveys-rates", pathname="/surveys")
    rows = table["rowData"]
    linked = {r["_profile"].rsplit("/", 1)[1] for r in rows if r.get("_profile")}
    assert linked == expected
    named = {r["GSS code"] for r in rows if r.get("GSS code")}
    assert named >= linked  # a link only where the row names that authority
    renderers = {c.get("cellRenderer") for c in table["columnDefs"]}
    assert ("ProfileLink" in renderers) is bool(expected)


def test_a_linked_profile_opens_for_the_role_that_was_given_the_link(auth_client):
    login_as(auth_client, "coordinator")
    rows = opened_table(auth_client, _survey_tables(auth_client), "surveys-rates", pathname="/surveys")["rowData"]
    href = next(r["_profile"] for r in rows if r.get("_profile"))
    assert route(auth_client, href).status_code == 200
    assert route(auth_client, "/local-authorities/S12000049").status_code == 403
