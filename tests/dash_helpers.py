"""Drive Dash callbacks over HTTP exactly as the browser's renderer does."""
from __future__ import annotations

import json


def dependencies(client) -> list[dict]:
    resp = client.get("/_dash-dependencies")
    assert resp.status_code == 200, resp.status_code
    return resp.get_json()


def _split_output(output: str) -> list[dict]:
    if output.startswith("..") and output.endswith(".."):
        parts = output[2:-2].split("...")
    else:
        parts = [output]
    out = []
    for p in parts:
        cid, prop = p.rsplit(".", 1)
        out.append({"id": cid, "property": prop.split("@")[0]})
    return out


def find_callback(deps: list[dict], input_id: str, input_prop: str | None = None, output: str | None = None) -> dict:
    """The callback taking `input_id` (and writing a component whose id starts with `output`)."""
    for dep in deps:
        if output is not None and not any(o["id"].startswith(output) for o in _split_output(dep["output"])):
            continue
        if any(i["id"] == input_id and (input_prop is None or i["property"] == input_prop) for i in dep["inputs"]):
            return dep
    raise AssertionError(f"no callback takes {input_id}")


def call(client, dep: dict, values: dict, headers: dict | None = None, pathname: str = "/",
         changed: list[str] | None = None, follow: bool = True):
    """POST one callback; `values` maps "id.property" to the value sent for inputs and states;
    `changed` names the inputs that fired (all of them unless given), as the renderer reports them.

    A callback that fills chart panels answers with their figures and a key (`<chart>-words`); as the
    browser does, the words callback is then asked with that key and the same filters, and its answer
    is kept on the response (`response_props` reads both); `follow=False` sends the one request only."""
    resp = _post(client, dep, values, headers, pathname, changed)
    props = resp.get_json().get("response", {}) if resp.status_code == 200 and resp.is_json else {}
    keys = [cid for cid, p in props.items() if cid.endswith("-words") and "data" in p]
    if keys and follow:
        words = next(d for d in dependencies(client) if [i["id"] for i in d["inputs"]] == [keys[0]])
        resp.words = _post(client, words, {**values, f"{keys[0]}.data": props[keys[0]]["data"]}, headers, pathname,
                           [f"{keys[0]}.data"])
    return resp


def _post(client, dep: dict, values: dict, headers: dict | None, pathname: str, changed: list[str] | None):
    inputs = [{"id": i["id"], "property": i["property"], "value": values.get(f"{i['id']}.{i['property']}")}
              for i in dep["inputs"]]
    state = [{"id": s["id"], "property": s["property"], "value": values.get(f"{s['id']}.{s['property']}")}
             for s in dep.get("state", [])]
    body = {
        "output": dep["output"],
        "outputs": _split_output(dep["output"]) if dep["output"].startswith("..") else _split_output(dep["output"])[0],
        "inputs": inputs,
        "state": state,
        "changedPropIds": changed if changed is not None else [f"{i['id']}.{i['property']}" for i in dep["inputs"]],
    }
    return client.post("/_dash-update-component", data=json.dumps(body),
                       headers={"Content-Type": "application/json", **(headers or {})})


def response_props(resp) -> dict:
    """{component id: {property: value}} from a callback response, with the words that followed it."""
    props = dict(resp.get_json()["response"])
    words = getattr(resp, "words", None)
    if words is not None:
        assert words.status_code == 200, words.status_code
        props.update(words.get_json()["response"])
    return props


def opened_table(client, props: dict, panel_id: str, pathname: str = "/", search: str = "") -> dict | None:
    """Open one chart's table as a person would, after its panel's callback answered with `props`: once
    the details are open, the page sends the table callback the panel's download link. Returns the grid's props
    (rowData, columnDefs), or None when the answer holds no grid."""
    dep = find_callback(dependencies(client), f"{panel_id}-table-ask", "data")
    values = {f"{panel_id}-table-ask.data": props[f"{panel_id}-download"]["href"], "url.search": search}
    token = client.get_cookie("_csrf_token")
    resp = call(client, dep, values, headers={"X-CSRFToken": token.value} if token else None, pathname=pathname)
    assert resp.status_code == 200, resp.status_code
    slot = response_props(resp)[f"{panel_id}-table-slot"]["children"]
    return slot["props"] if isinstance(slot, dict) and slot.get("type") == "AgGrid" else None


def plain_rows(table) -> list[dict]:
    """The rows of a plain table (`tables.plain_table`) as it travels in a response: {heading: text}, a
    linked cell as its link's text, with the link in "_profile"."""
    def kids(node):
        c = node["props"].get("children") if isinstance(node, dict) else None
        return c if isinstance(c, list) else ([] if c is None else [c])

    if not isinstance(table, dict) or table.get("type") != "Div":
        return []
    thead, tbody = kids(kids(table)[0])
    heads = [kids(th)[0] for th in kids(kids(thead)[0])]
    rows = []
    for tr in kids(tbody):
        row = {}
        for head, td in zip(heads, kids(tr)):
            inner = kids(td)
            value = inner[0] if inner else ""
            if isinstance(value, dict):  # a link to the authority's profile
                row["_profile"] = value["props"]["href"]
                value = kids(value)[0]
            row[head] = value
        rows.append(row)
    return rows
