"""Dash Pages' router asked for a page the role may not open, with its inputs arranged every way a
browser never would: swapped, missing, repeated, alone, moved to state. No arrangement renders it."""
from __future__ import annotations

import itertools
import json

import pytest
from accounts import ALL_NAMES, EDINBURGH, OTHER_CODE, csrf_header, login_as

from dashboard import registry

ROUTER_OUTPUT = "..__pages_content.children...__pages_store.data..".replace("__", "_")
FORBIDDEN = {
    None: ["/admin", "/data", "/present", "/", "/timeline", "/surveys", "/themes", f"/local-authorities/{EDINBURGH}"],
    "presenter": ["/admin", "/data", f"/local-authorities/{EDINBURGH}"],
    "coordinator": ["/admin", "/data", "/present", f"/local-authorities/{OTHER_CODE}"],
    "leader": ["/admin", "/data"],
    "inspector": ["/admin"],
}
# What each page renders that a refused request must never carry.
MARKERS = {"/admin": ["admin-users", "t-admin"], "/data": ["data-upload", "Import history"],
           "/present": ["present-mode"], "/": ["overview-review"], "/timeline": ["timeline-review"],
           "/surveys": ["surveys-review"], "/themes": ["themes-review"], "/local-authorities": ["profile-review"]}


def _item(prop: str, value) -> dict:
    return {"id": "_pages_location", "property": prop, "value": value}


def arrangements(pathname: str) -> dict[str, dict]:
    """Router bodies for one pathname: the browser's, and every re-arrangement an attacker might try."""
    path, search = _item("pathname", pathname), _item("search", "")
    other = _item("pathname", "/about")
    bodies = {
        "as sent": ([path, search], []),
        "swapped": ([search, path], []),
        "pathname alone": ([path], []),
        "search alone": ([search], []),
        "pathname repeated": ([path, path], []),
        "public first, real second": ([other, path], []),
        "real first, public second": ([path, _item("search", "/about")], []),
        "in state": ([search], [path]),
        "extra input": ([path, search, _item("hash", "")], []),
        "no inputs": ([], []),
        "value as list": ([_item("pathname", [pathname]), search], []),
        "value as object": ([_item("pathname", {"pathname": pathname}), search], []),
    }
    for n, combo in enumerate(itertools.permutations([path, search, other], 3)):
        bodies[f"permutation {n}"] = (list(combo), [])
    return {name: {"output": ROUTER_OUTPUT,
                   "outputs": [{"id": "_pages_content", "property": "children"},
                               {"id": "_pages_store", "property": "data"}],
                   "inputs": inputs, "state": state,
                   "changedPropIds": ["_pages_location.pathname"]}
            for name, (inputs, state) in bodies.items()}


def _base(path: str) -> str:
    return "/local-authorities" if path.startswith("/local-authorities/") else path


@pytest.mark.parametrize("role", list(FORBIDDEN))
def test_no_arrangement_of_the_router_renders_a_forbidden_page(auth_client, role):
    if role is None:
        auth_client.get("/login")
    else:
        login_as(auth_client, role)
    headers = {"Content-Type": "application/json", **csrf_header(auth_client)}
    for pathname in FORBIDDEN[role]:
        assert _base(pathname) not in registry.paths_for(role) or "/local-authorities/" in pathname
        for name, body in arrangements(pathname).items():
            resp = auth_client.post("/_dash-update-component", data=json.dumps(body), headers=headers)
            text = resp.get_data(as_text=True)
            assert resp.status_code < 500, (role, pathname, name, resp.status_code)
            shown = [m for m in MARKERS[_base(pathname)] if m in text]
            assert not shown, (role, pathname, name, resp.status_code, shown)
            if _base(pathname) == "/admin":
                assert not [n for n in ALL_NAMES if n in text], (role, name)


def test_the_browsers_own_router_request_still_renders_an_allowed_page(auth_client):
    login_as(auth_client, "admin")
    headers = {"Content-Type": "application/json", **csrf_header(auth_client)}
    resp = auth_client.post("/_dash-update-component", data=json.dumps(arrangements("/admin")["as sent"]),
                            headers=headers)
    assert resp.status_code == 200
    assert "admin-users" in resp.get_data(as_text=True)


def test_a_refused_router_request_is_audited(auth_client, auth_app):
    from data_access import audit

    login_as(auth_client, "presenter")
    headers = {"Content-Type": "application/json", **csrf_header(auth_client)}
    resp = auth_client.post("/_dash-update-component", data=json.dumps(arrangements("/admin")["swapped"]),
                            headers=headers)
    assert resp.status_code in (400, 403)
    db = auth_app.server.extensions["oversight_db"]
    rows = audit.recent(db, 20)
    assert ((rows.username == "t-presenter") & (rows.outcome == audit.DENIED)).any()
