"""The OpenAPI 3.1 description of the data API, built from the contract table (dashboard.api.contract)."""
from __future__ import annotations

from .contract import ENDPOINTS, Column, Endpoint, Param, Shape
from .respond import CACHE_CONTROL, PROBLEM_TYPE, VARY

BASE = "/api/v1"
FORMAT = Param("format", "string", "json (the default): an array of records; csv: a header line, then one line "
               "per row.", enum=("json", "csv"))

HEADERS = {
    "ETag": ("A validator of this answer; send it back in If-None-Match to get 304 while nothing has changed.", True),
    "X-Oversight-As-Of": ("The as-of date the figures describe (YYYY-MM-DD).", True),
    "X-Oversight-Data-Version": ("The data version: it goes up whenever data is imported.", True),
    "X-Oversight-Demonstration": ("true when the data is demonstration data (per-authority detail is synthetic).",
                                  True),
    "X-Oversight-Disclosure": ("How small counts are treated for the caller's role.", True),
    "Cache-Control": (f"Always `{CACHE_CONTROL}`: answers depend on who asks.", True),
    "Vary": (f"Always `{VARY}`.", True),
}

PROBLEMS = {
    400: "A parameter is unknown, repeated or not valid; the detail says which.",
    401: "Not signed in: send a session cookie or `Authorization: Bearer <token>` (`oversight users token NAME`).",
    403: "Your role may not see what was asked for (e.g. another authority, or family groups).",
    404: "No such review, survey or path among those you may see.",
    405: "Only GET (and HEAD) are answered.",
}


def column_schema(column: Column) -> dict:
    schema = {"type": "string", "format": "date"} if column.type == "date" else {"type": column.type}
    if column.nullable or column.suppressible:
        schema["type"] = [schema["type"], "null"]
    schema["description"] = column.description + (" Null when suppressed." if column.suppressible else "")
    return schema


def row_schema(shape: Shape) -> dict:
    """A row as a JSON object: every column typed, and a boolean flag beside each suppressible one."""
    props: dict[str, dict] = {}
    for column in shape.columns:
        props[column.name] = column_schema(column)
        if column.suppressible:
            props[f"{column.name}_suppressed"] = {
                "type": "boolean", "description": f"true when {column.name} is withheld under disclosure control."}
    return {"type": "object", "description": shape.description or shape.name, "properties": props,
            "required": list(props), "additionalProperties": False}


def param_schema(param: Param) -> dict:
    if param.type == "date":
        schema = {"type": "string", "format": "date"}
    else:
        schema = {"type": param.type}
    if param.enum:
        schema["enum"] = list(param.enum)
    if param.pattern:
        schema["pattern"] = param.pattern
    return {"name": param.name, "in": param.where, "required": param.where == "path", "description": param.description,
            "schema": schema}


def schema_name(endpoint: Endpoint, shape: Shape) -> str:
    return "".join(part.title() for part in endpoint.name.split("_")) + (
        "" if len(endpoint.shapes) == 1 else shape.name.title()) + "Row"


def _header_refs() -> dict:
    return {name: {"$ref": f"#/components/headers/{name}"} for name in HEADERS}


def _problems(*codes: int) -> dict:
    return {str(c): {"$ref": f"#/components/responses/Problem{c}"} for c in codes}


def operation(endpoint: Endpoint) -> dict:
    shapes = [{"$ref": f"#/components/schemas/{schema_name(endpoint, s)}"} for s in endpoint.shapes]
    items = shapes[0] if len(shapes) == 1 else {"oneOf": shapes}
    return {
        "operationId": endpoint.name, "summary": endpoint.summary, "description": endpoint.description,
        "parameters": [param_schema(p) for p in endpoint.params + (FORMAT,)],
        "responses": {
            "200": {"description": "The rows, as JSON records or CSV.", "headers": _header_refs(), "content": {
                "application/json": {"schema": {"type": "array", "items": items}},
                "text/csv": {"schema": {"type": "string"}}}},
            "304": {"description": "Not modified: the If-None-Match validator still holds.",
                    "headers": {"ETag": {"$ref": "#/components/headers/ETag"}}},
            **_problems(400, 401, 403, 404),
        },
    }


def document() -> dict:
    """The whole OpenAPI 3.1 document (the same for every caller: it names no data)."""
    paths: dict = {}
    schemas: dict = {"Problem": {
        "type": "object", "description": "An RFC 9457 problem.", "required": ["type", "title", "status", "detail"],
        "properties": {"type": {"type": "string", "description": "Where this kind of problem is explained."},
                       "title": {"type": "string"}, "status": {"type": "integer"}, "detail": {"type": "string"}}}}
    for endpoint in ENDPOINTS:
        paths[endpoint.path] = {"get": operation(endpoint)}
        for shape in endpoint.shapes:
            schemas[schema_name(endpoint, shape)] = row_schema(shape)
    paths["/openapi.json"] = {"get": {
        "operationId": "openapi", "summary": "This description", "security": [],
        "responses": {"200": {"description": "The OpenAPI 3.1 document.",
                              "content": {"application/json": {"schema": {"type": "object"}}}}}}}
    paths["/docs"] = {"get": {
        "operationId": "reference", "summary": "The reference, as a web page", "security": [],
        "responses": {"200": {"description": "The reference made from this description.",
                              "content": {"text/html": {"schema": {"type": "string"}}}}}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Review Oversight data API", "version": "1",
                 "description": "The numbers behind the dashboard, scoped to the caller's role and disclosure-"
                                "controlled exactly as the pages are. JSON answers are arrays of records "
                                "(`pandas.read_json(url)`); `?format=csv` gives a CSV with the header on the first "
                                "line (`pandas.read_csv(url)`). Metadata is in the response headers. Errors are "
                                "RFC 9457 problem details."},
        "servers": [{"url": BASE}],
        "security": [{"bearer": []}, {"session": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "description": "An API token from "
                           "`oversight users token NAME`."},
                "session": {"type": "apiKey", "in": "cookie", "name": "oversight_session",
                            "description": "The session cookie set by signing in at /login."}},
            "schemas": schemas,
            "headers": {name: {"description": text, "required": required, "schema": {"type": "string"}}
                        for name, (text, required) in HEADERS.items()},
            "responses": {f"Problem{code}": {"description": text, "content": {
                PROBLEM_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
                for code, text in PROBLEMS.items()},
        },
    }
