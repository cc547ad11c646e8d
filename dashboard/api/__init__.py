"""Data API (/api/v1): the pages' scoped, disclosure-controlled reads as JSON records or CSV.

Every endpoint is declared once in `contract.ENDPOINTS`; this module wires them to Flask, checks
parameters, answers 304 while the caller's ETag still holds (before any data is read), and turns
every failure under /api/v1/ into an RFC 9457 problem.
"""
from __future__ import annotations

import datetime as dt
import re

import orjson
from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import HTTPException

from data_access.cache import dataset_info
from data_access.disclosure import needs_control
from data_access.queries import NotFound

from .. import registry
from ..context import Ask, current_ask
from . import openapi, reference
from .contract import BY_NAME, ENDPOINTS, Endpoint, Param
from .respond import CACHE_CONTROL, PROBLEM_TYPE, VARY, conform, csv_body, etag, json_body, matches, problem
from .views import READS

api = Blueprint("api", __name__, url_prefix="/api/v1")
ANY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]


class BadParameter(ValueError):
    """A query parameter that is unknown, repeated or not valid (400)."""


# -- parameters ----------------------------------------------------------------------------------
def _parse(param: Param, text: str):
    if param.type == "integer":
        try:
            value = int(text)
        except ValueError:
            raise BadParameter(f"{param.name} must be a whole number, not '{text[:40]}'.") from None
    elif param.type == "date":
        try:
            value = dt.date.fromisoformat(text) if len(text) == 10 else None
        except ValueError:
            value = None
        if value is None:
            raise BadParameter(f"{param.name} must be a date written YYYY-MM-DD, not '{text[:40]}'.")
    else:
        value = text
    if param.enum and value not in param.enum:
        raise BadParameter(f"{param.name} must be one of {', '.join(map(str, param.enum))}.")
    if param.pattern and not re.fullmatch(param.pattern, value):
        raise BadParameter(f"'{text[:40]}' is not a valid {param.name}.")
    return value


def checked_query(endpoint: Endpoint) -> dict:
    """The query parameters as typed values; anything unknown, repeated or malformed is a BadParameter."""
    allowed = {p.name: p for p in endpoint.params + (openapi.FORMAT,) if p.where == "query"}
    query = {}
    for name in request.args:
        if name not in allowed:
            raise BadParameter(f"Unknown parameter '{name[:40]}'. This endpoint takes: "
                               f"{', '.join(sorted(allowed))}.")
        values = request.args.getlist(name)
        if len(values) != 1:
            raise BadParameter(f"Give {name} once.")
        query[name] = _parse(allowed[name], values[0])
    return query


def _path_values(endpoint: Endpoint, values: dict) -> dict:
    for param in endpoint.params:
        if param.where == "path" and not re.fullmatch(param.pattern or ".*", values.get(param.name, "")):
            raise NotFound(f"There is no {param.name} '{values.get(param.name, '')[:40]}'.")
    return values


# -- answers -------------------------------------------------------------------------------------
def _metadata(ask: Ask, version: int, review: str | None = None) -> dict:
    if needs_control(ask.scope):
        note = (f"Counts of people from 1 to {ask.scope.k - 1}, and rates built on them, are withheld: null with "
                f"<column>_suppressed true in JSON, c in CSV.")
    else:
        note = "Exact counts: your role sees small counts as they are."
    return {"X-Oversight-As-Of": ask.day.isoformat(), "X-Oversight-Data-Version": str(version),
            "X-Oversight-Demonstration": "true" if ask.is_demo(review) else "false", "X-Oversight-Disclosure": note}


def _answer(endpoint: Endpoint, **path) -> Response:
    query = checked_query(endpoint)
    path = _path_values(endpoint, path)
    ask = current_ask()
    version = dataset_info(ask.db).version
    tag = etag(version=version, as_of=ask.day, role=ask.scope.role, authority=ask.scope.authority, k=ask.scope.k,
               url=request.url)
    headers = {"ETag": tag, "Cache-Control": CACHE_CONTROL, "Vary": VARY}
    if matches(request.headers.get("If-None-Match"), tag):
        return Response(status=304, headers=headers)
    frame, shape_name = READS[endpoint.name](ask, query, **path)
    shape = endpoint.shape(shape_name)
    rows = conform(frame, shape)
    headers.update(_metadata(ask, version, path.get("slug")))
    if query.get("format") == "csv":
        parts = [path.get("slug"), path.get("code"), endpoint.path.rsplit("/", 1)[1], ask.day.isoformat(),
                 "demonstration" if ask.is_demo(path.get("slug")) else None]
        name = "-".join(p for p in parts if p)
        headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return Response(csv_body(rows, shape), mimetype="text/csv", headers=headers)
    return Response(json_body(rows, shape), mimetype="application/json", headers=headers)


def _view(endpoint: Endpoint):
    def view(**path):
        return _answer(endpoint, **path)

    view.__name__ = endpoint.name
    return view


for _endpoint in ENDPOINTS:
    api.add_url_rule(_endpoint.rule, _endpoint.name, _view(_endpoint), methods=["GET"])
    registry.route(f"api.{_endpoint.name}", kind="api")


@api.get("/openapi.json")
def openapi_document():
    return Response(orjson.dumps(openapi.document()), mimetype="application/json")


@api.get("/docs")
def reference_page():
    return Response(reference.render(openapi.document()), mimetype="text/html")


@api.route("/", endpoint="unknown", methods=ANY_METHOD)
@api.route("/<path:anything>", endpoint="unknown", methods=ANY_METHOD)
def unknown(anything: str = ""):
    """Any other /api/v1/ path: a problem, never the dashboard's page. A known path asked with
    another method is 405."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    try:
        found, _ = adapter.match(method="GET")
    except HTTPException:
        found = None
    if found not in (None, "api.unknown"):
        return problem(405, f"{request.method} is not answered here; use GET.", headers={"Allow": "GET, HEAD"})
    return problem(404, f"There is no {request.path[:120]} in the data API. See {openapi.BASE}/docs.")


registry.route("api.openapi_document", public=True, kind="api")
registry.route("api.reference_page", public=True, kind="api")
registry.route("api.unknown", kind="api")


# -- failures ------------------------------------------------------------------------------------
@api.errorhandler(BadParameter)
def _bad_parameter(exc):
    return problem(400, str(exc))


@api.errorhandler(NotFound)
def _not_found(exc):
    text = str(exc)
    return problem(404, text if text.startswith("There is") else "There is no such review or survey that you can see.")


@api.errorhandler(HTTPException)
def _http_error(exc):
    return problem(exc.code or 500, exc.description or exc.name)


@api.after_request
def _as_problem(response):
    """Whatever refused an /api/v1/ request before it reached the API (the sign-in check, CSRF) is
    answered as a problem too."""
    response.headers["Vary"] = VARY
    if response.status_code >= 400 and response.mimetype != PROBLEM_TYPE:
        detail = ""
        if response.is_json:
            body = response.get_json(silent=True) or {}
            detail = str(body.get("message") or body.get("error") or "") if isinstance(body, dict) else ""
        return problem(response.status_code, detail or response.status)
    return response


def register(server) -> None:
    server.register_blueprint(api)


__all__ = ["BY_NAME", "api", "register"]
