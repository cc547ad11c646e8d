"""Malformed and type-confused callback requests, as an insider with a real account would send them:
every answer is a 4xx or a normal answer, never a server error, and nothing leaks."""
from __future__ import annotations

import json
import random

import pytest
from accounts import csrf_header, leaks, login_as

ROLES = ["admin", "coordinator", "presenter"]
ODD_VALUES = [None, "", "x" * 5000, -1, 10**18, 3.5, True, [], [None], {"a": 1}, [[["deep"]]],
              "S12000049", "%53%31%32%30%30%30%30%34%39", "../../admin", "<script>", "2024-13-45", "NaN"]


def _post(client, body, headers):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post("/_dash-update-component", data=data,
                       headers={"Content-Type": "application/json", **headers})


def _callbacks(client) -> list[dict]:
    return [d for d in client.get("/_dash-dependencies").get_json() if not d.get("clientside_function")]


def _outputs(key: str):
    parts = key[2:-2].split("...") if key.startswith("..") else [key]
    outs = [{"id": p.rpartition(".")[0], "property": p.rpartition(".")[2].split("@")[0]} for p in parts]
    return outs if key.startswith("..") else outs[0]


def _body(dep: dict, values: list) -> dict:
    inputs = [{"id": i["id"], "property": i["property"], "value": v} for i, v in zip(dep["inputs"], values)]
    state = [{"id": s["id"], "property": s["property"], "value": None} for s in dep.get("state", [])]
    return {"output": dep["output"], "outputs": _outputs(dep["output"]), "inputs": inputs, "state": state,
            "changedPropIds": [f"{dep['inputs'][0]['id']}.{dep['inputs'][0]['property']}"] if dep["inputs"] else []}


SHAPES = [
    b"not json at all", b"[]", b"null", b"{}", b'{"output": 5}', b'{"output": "x.children", "inputs": "nope"}',
    b'{"output": "x.children", "inputs": [1, 2, 3]}', b'{"output": "..a.b..", "inputs": [{"id": 1}]}',
    ("[" * 20000 + "]" * 20000).encode(), b'{"output": "' + b"a" * 100000 + b'"}',
]


@pytest.mark.parametrize("role", [None, *ROLES])
def test_malformed_bodies_get_a_4xx(auth_client, role):
    if role is None:
        auth_client.get("/login")
    else:
        login_as(auth_client, role)
    headers = csrf_header(auth_client)
    for shape in SHAPES:
        resp = _post(auth_client, shape, headers)
        assert 400 <= resp.status_code < 500, (role, shape[:60], resp.status_code)
        assert "Traceback" not in resp.get_data(as_text=True)


@pytest.mark.parametrize("role", ROLES)
def test_type_confused_values_never_cause_a_server_error(auth_client, role):
    login_as(auth_client, role)
    headers = csrf_header(auth_client)
    rng = random.Random(20241001)  # the same sample every run
    sent = answered = 0
    for dep in _callbacks(auth_client):
        if "_pages_content" in dep["output"] or not dep["inputs"]:
            continue
        for _ in range(6):
            values = [rng.choice(ODD_VALUES) for _ in dep["inputs"]]
            resp = _post(auth_client, _body(dep, values), headers)
            sent += 1
            answered += resp.status_code in (200, 204)
            text = resp.get_data(as_text=True)
            assert resp.status_code < 500, (role, dep["output"], values, resp.status_code, text[:300])
            assert not leaks(text, role), (role, dep["output"])
    assert sent >= 60
    assert answered >= sent // 3, "most odd values should reach the callback and be answered, not refused"
