"""Every callback the app serves, as bodies an attacker can forge: each input given a review, another
authority's code or a claimed pathname. Used by the sign-in and disclosure tests alike."""
from __future__ import annotations

import json


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
