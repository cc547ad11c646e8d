"""Talking to the service as a browser does: sign-in, Dash callback bodies, timed callback requests."""
from __future__ import annotations

import json
import os
import re
import time

import requests
from plotly.io.json import to_json_plotly

CALLBACK_PATH = "/_dash-update-component"
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


class BenchError(RuntimeError):
    """The benchmark could not run (the server did not start, sign-in failed, ...)."""


def callback_body(dep: dict, values: dict) -> bytes:
    """The JSON body the renderer POSTs for callback `dep`; `values` maps "id.property" to a value."""
    def parts(output: str) -> list[dict]:
        chunks = output[2:-2].split("...") if output.startswith("..") and output.endswith("..") else [output]
        out = []
        for c in chunks:
            cid, prop = c.rsplit(".", 1)
            out.append({"id": cid, "property": prop.split("@")[0]})
        return out

    outs = parts(dep["output"])
    body = {
        "output": dep["output"],
        "outputs": outs if dep["output"].startswith("..") else outs[0],
        "inputs": [{"id": i["id"], "property": i["property"], "value": values.get(f"{i['id']}.{i['property']}")}
                   for i in dep["inputs"]],
        "state": [{"id": s["id"], "property": s["property"], "value": values.get(f"{s['id']}.{s['property']}")}
                  for s in dep.get("state", [])],
        "changedPropIds": [f"{i['id']}.{i['property']}" for i in dep["inputs"]],
    }
    return json.dumps(body).encode()


def find_dep(deps: list[dict], *, input_id: str, input_prop: str, output_contains: str) -> dict:
    for dep in deps:
        if output_contains in dep["output"] and any(
                i["id"] == input_id and i["property"] == input_prop for i in dep["inputs"]):
            return dep
    raise BenchError(f"no callback from {input_id}.{input_prop} to {output_contains}")


def endpoints(deps: list[dict]) -> dict:
    """The callbacks the benchmark times, found in `/_dash-dependencies` as the browser finds them."""
    review_deps = [d for d in deps if any(i["id"] == "overview-review" and i["property"] == "value"
                                          for i in d["inputs"])]
    # A chart's words follow its figure in a second answer, asked for with the key the first gave.
    words_deps = [d for d in deps if len(d["inputs"]) == 1 and d["inputs"][0]["id"].endswith("-words")
                  and any(s["id"] == "overview-review" for s in d.get("state", []))]
    return {
        "matrix": find_dep(deps, input_id="overview-review", input_prop="value",
                           output_contains="overview-matrix-graph.figure"),
        # The smallest callback the app has: a map click with no point raises PreventUpdate
        # straight away, so its round trip is the fixed cost of any callback (sign-in check,
        # CSRF, session, Dash's dispatch) and nothing else.
        "empty": find_dep(deps, input_id="overview-map-graph", input_prop="clickData", output_contains="url.href"),
        "overview": review_deps,
        "overview_words": words_deps,
    }


def figures_in(response_json: dict) -> list[tuple[str, dict]]:
    """(component id, figure) for every figure a callback response carries."""
    out = []
    for cid, props in (response_json.get("response") or {}).items():
        if isinstance(props, dict) and isinstance(props.get("figure"), dict):
            out.append((cid, props["figure"]))
    return out


def callback_name(figure_ids) -> str:
    """A short name for a callback by the graphs it fills: 'overview-matrix-graph', 'themes-* (8 graphs)'."""
    ids = list(figure_ids)
    if len(ids) == 1:
        return ids[0]
    return f"{os.path.commonprefix(ids).rstrip('-')}-* ({len(ids)} graphs)"


def serialise(figure: dict) -> bytes:
    """The figure as Dash sends it: plotly's JSON encoder, on orjson."""
    return to_json_plotly(figure, engine="orjson").encode()


def csrf_from_form(html: str) -> str:
    match = CSRF_FIELD.search(html)
    if not match:
        raise BenchError("the sign-in form has no CSRF token")
    return match.group(1)


def sign_in(base: str, username: str, password: str) -> requests.Session:
    """A requests session signed in through the sign-in form, sending the CSRF header callbacks need."""
    s = requests.Session()
    page = s.get(base + "/login", timeout=10)
    resp = s.post(base + "/login", data={"username": username, "password": password,
                                         "csrf_token": csrf_from_form(page.text), "next": "/"},
                  allow_redirects=False, timeout=30)
    if resp.status_code not in (302, 303) or not s.cookies.get("_csrf_token"):
        raise BenchError(f"sign-in failed with HTTP {resp.status_code}")
    s.headers.update({"X-CSRFToken": s.cookies.get("_csrf_token"), "Content-Type": "application/json"})
    return s


def post_callback(session, base: str, body: bytes) -> tuple[float, requests.Response]:
    t0 = time.perf_counter()
    resp = session.post(base + CALLBACK_PATH, data=body, timeout=30)
    return (time.perf_counter() - t0) * 1000.0, resp


def timed_callbacks(session, base: str, body: bytes, n: int, before=None) -> list[float]:
    out = []
    for _ in range(n):
        if before is not None:
            before()
        ms, resp = post_callback(session, base, body)
        if resp.status_code not in (200, 204):
            raise BenchError(f"a callback answered HTTP {resp.status_code}: {resp.text[:200]}")
        out.append(ms)
    return out


def matrix_response(session, base: str, body: bytes) -> tuple[dict, bytes]:
    """The status matrix callback's figure and the whole response body."""
    _, resp = post_callback(session, base, body)
    if resp.status_code != 200:
        raise BenchError(f"the matrix callback answered HTTP {resp.status_code}: {resp.text[:200]}")
    found = figures_in(resp.json())
    if not found:
        raise BenchError("the matrix callback sent no figure")
    return found[0][1], resp.content
