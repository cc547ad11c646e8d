"""The request guard: every request passes `_guard` (a Flask `before_request` hook) before any
route or callback runs. It reads `dashboard.registry`, so what is not registered is refused:

- a Flask endpoint nobody declared gets 401 (signed out) or 403 and an audit row;
- assets and Dash's page frame are public; `/login`, `/healthz`, `/readyz` are declared public;
- a page (and the router request that renders it) is checked against the page's roles and, for a
  profile, the authority in its path; signed out, a page redirects to /login, anything else gets 401;
- a callback belongs to the page that registered it; it must come arranged as registered;
- a download belongs to its page; an API route names its roles;
- any authority code the browser sends, however spelled, must be in the caller's scope.

The user's scope (role, a co-ordinator's authority, k) comes from their record on the server and
is handed to data_access, which scopes and suppresses the data itself; nothing the browser sends
widens it.
"""
from __future__ import annotations

import json
import re
import time
from urllib.parse import unquote, urlencode

from flask import current_app, g, jsonify, redirect, request, session
from flask_login import current_user, logout_user

from data_access import audit
from data_access import users as accounts
from data_access.reference import AUTHORITIES, OLD_GSS_CODES
from data_access.scope import Scope

from .. import registry
from ..api.respond import problem
from ..context import asked_as_of
from .csrf import _csrf_ok
from .identity import scope_for, write_audit
from .views import _page

ASSET_PREFIXES = ("/vendor/", "/assets/", "/_dash-component-suites/")
CALLBACK_PATH = "/_dash-update-component"
# Properties a browser control only ever sends as one plain value: anything else is refused before a
# callback sees it.
SCALAR_PROPERTIES = frozenset({"value", "search", "pathname", "hash", "href", "n_clicks", "contents", "filename",
                               "last_modified", "checked", "date", "start_date", "end_date"})
SCALARS = (str, int, float, bool, type(None))
ROUTER_INPUTS = [("_pages_location", "pathname"), ("_pages_location", "search")]
PAGES_CONTENT_ID = "_pages_content"
GSS_PATTERN = re.compile(r"S12\d{6}")
KNOWN_CODES = {a.gss_code for a in AUTHORITIES} | set(OLD_GSS_CODES)


# -- the guard -----------------------------------------------------------------------------------
def _unauthorised(message: str = "Sign in first."):
    if request.path.startswith("/api/"):
        return problem(401, message)
    return jsonify(error="unauthorised", message=message), 401


def _malformed(message: str):
    return jsonify(error="bad request", message=message), 400


def _forbid(detail: str):
    write_audit("denied", audit.DENIED, f"{request.method} {request.path}: {detail}"[:500])
    if request.path.startswith("/api/"):
        return problem(403, "Your role does not give access to this.")
    if request.path == CALLBACK_PATH or request.path.startswith(("/api/", "/download/")) or request.is_json:
        return jsonify(error="forbidden", message="Your role does not give access to this."), 403
    return _page("Not available", "<p>Your role does not give access to this page.</p><p><a href=\"/\">Go to the "
                 "start page</a></p>", status=403)


def _values(items) -> list:
    out = []
    for item in items or []:
        if isinstance(item, list):
            out += _values(item)
        elif isinstance(item, dict):
            out.append(item.get("value"))
    return out


def _codes_in(value) -> set[str]:
    """GSS codes of authorities anywhere in a value the browser sent, however it is spelled
    (lower case, percent-encoded), as current codes."""
    if value is None:
        return set()
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    text = unquote(unquote(text)).upper()
    return {OLD_GSS_CODES.get(c, c) for c in GSS_PATTERN.findall(text) if c in KNOWN_CODES}


def _out_of_scope_codes(scope: Scope | None, values) -> set[str]:
    codes = set()
    for v in values:
        codes |= _codes_in(v)
    if scope is None:
        return codes
    return {c for c in codes if not scope.may_see_authority(c)}


def _check_path(scope: Scope | None, path: str) -> str | None:
    """Why a page path is refused to this scope (None if it may be opened)."""
    page, authority = registry.page_for_path(path)
    if page is None:
        return None  # not a page of ours: Dash answers with its 'not found' page
    if page.public:
        return None
    if scope is None:
        return "sign in"
    if not page.allows(scope.role):
        return f"page {path}"
    codes = _codes_in(authority)
    if codes and not all(scope.may_see_authority(c) for c in codes):
        return f"page {path}"
    return None


def _callback_body():
    """The callback request's body if it has the shape Dash sends, else None."""
    try:
        body = request.get_json(silent=True)
    except RecursionError:
        return None
    if not isinstance(body, dict) or not isinstance(body.get("output"), str):
        return None
    for part in ("inputs", "state", "outputs"):
        if not isinstance(body.get(part, []), (list, dict)):
            return None
    return body


def _check_callback(scope: Scope | None) -> tuple[int, str] | None:
    """Refuse a callback that is not registered, belongs to a page the role may not open, is not
    arranged as registered, or names an authority outside the scope."""
    body = _callback_body()
    if body is None:
        return 400, "not a callback request"
    key = body["output"]
    inputs = body.get("inputs") or []
    if PAGES_CONTENT_ID in key:
        # Dash Pages' router: Dash hands it its inputs by position, so only the browser's own
        # arrangement (the pathname, then the search string) is accepted, and the pathname checked is
        # the one Dash will render.
        shape = [(i.get("id"), i.get("property")) if isinstance(i, dict) else None for i in inputs] \
            if isinstance(inputs, list) else None
        if (shape != ROUTER_INPUTS or body.get("state") or not isinstance(inputs[0].get("value"), str)
                or not isinstance(inputs[1].get("value"), (str, type(None)))):
            return 400, "router request not arranged as the browser sends it"
        pathname = inputs[0]["value"]
        why = _check_path(scope, pathname)
        if why:
            return (401 if why == "sign in" else 403), why
    else:
        page = current_app.extensions["oversight_callbacks"].page_of(key)
        if page is None:
            return (401, "sign in") if scope is None else (403, f"callback {key[:120]} is not registered")
        if not page.allows(scope.role if scope is not None else None):
            return (401, "sign in") if scope is None else (403, f"callback for {page.path}")
        problem = _arranged_as_registered(key, body)
        if problem:
            return 400, problem
    bad = _out_of_scope_codes(scope, _values(inputs) + _values(body.get("state")) + [body.get("changedPropIds")])
    if bad:
        return 403, f"authorities outside scope: {', '.join(sorted(bad))}"
    return None


def _outputs_of(key: str) -> list[tuple[str | None, str]]:
    """The (id, property) of each output a callback's key names, as Dash writes it: 'a.children' for
    one output, '..a.children...b.figure..' for several. A pattern-matching id is not compared, and a
    duplicate output's '@hash' (which the browser repeats in `outputs`) is set aside on both sides."""
    parts = key[2:-2].split("...") if key.startswith("..") else [key]
    out = []
    for part in parts:
        cid, _, prop = part.rpartition(".")
        out.append((None if cid.startswith("{") else cid, prop.split("@")[0]))
    return out


def _arranged_as_registered(key: str, body: dict) -> str | None:
    """Whether the inputs and state come in the order and shape the callback was registered with."""
    spec = current_app.extensions["oversight_callbacks"].spec(key)
    if spec is None:
        return None
    outputs = body.get("outputs")
    wanted_outputs = _outputs_of(key)
    sent_outputs = outputs if isinstance(outputs, list) else [outputs]
    if len(sent_outputs) != len(wanted_outputs) or any(
            not isinstance(got, dict) or (want[0] is not None
                                          and (got.get("id"), str(got.get("property")).split("@")[0]) != want)
            for got, want in zip(sent_outputs, wanted_outputs)):
        return "outputs do not match the callback"
    for part in ("inputs", "state"):
        sent = body.get(part) or []
        wanted = spec.get(part) or []
        if len(sent) != len(wanted):
            return f"{part} do not match the callback"
        for got, want in zip(sent, wanted):
            if isinstance(got, list) or str(want["id"]).startswith("{"):
                continue  # a pattern-matching input: Dash matches each member itself
            if not isinstance(got, dict) or (got.get("id"), got.get("property")) != (want["id"], want["property"]):
                return f"{part} do not match the callback"
            if want["property"] in SCALAR_PROPERTIES and not isinstance(got.get("value"), SCALARS):
                return f"{want['id']}.{want['property']} must be text or a number"
    return None


def _authenticate() -> accounts.Account | None:
    """The account behind this request: a Bearer token, else the session cookie."""
    db = current_app.extensions["oversight_db"]
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        g.oversight_via_token = True
        return accounts.account_by_token(db, header[7:].strip())
    if not session.get("_user_id"):
        return None
    user = current_user
    if not getattr(user, "is_authenticated", False):
        session.clear()
        return None
    idle = int(current_app.config.get("SESSION_IDLE_MINUTES", 30)) * 60
    now = int(time.time())
    if now - int(session.get("seen", 0)) > idle:
        logout_user()
        session.clear()
        return None
    if now - int(session.get("seen", 0)) >= 15:  # keep the cookie quiet between rapid callbacks
        session["seen"] = now
    return user.account


def _guard():
    """Refuse what the caller may not have; else note the as-of date the request asks for, which
    `dashboard.context.as_of` grants only to the roles that may replay the programme."""
    refused = _checks()
    if refused is None:
        g.oversight_asked_as_of = _asked_as_of()
    return refused


def _asked_as_of():
    """The as-of date asked for: in the address of a page or download, in the search string the
    router renders, or in a callback's registered `url.search` input (nowhere else in a callback)."""
    rule = request.url_rule
    declared = registry.ROUTES.get(rule.endpoint) if rule is not None else None
    if declared is None or declared.kind not in ("page", "download", "bundle", "callback"):
        return None
    if declared.kind != "callback":
        return asked_as_of(request.query_string.decode("latin-1"))
    body = _callback_body()
    if body is None:
        return None
    if PAGES_CONTENT_ID in body["output"]:
        value = body["inputs"][1].get("value")
        return asked_as_of(value) if isinstance(value, str) else None
    spec = current_app.extensions["oversight_callbacks"].spec(body["output"]) or {}
    for part in ("inputs", "state"):
        for i, want in enumerate(spec.get(part) or []):
            if (want.get("id"), want.get("property")) == registry.AS_OF_INPUT:
                got = (body.get(part) or [])[i]
                value = got.get("value") if isinstance(got, dict) else None
                return asked_as_of(value) if isinstance(value, str) else None
    return None


def _checks():
    g.oversight_account = None
    rule = request.url_rule
    declared = registry.ROUTES.get(rule.endpoint) if rule is not None else None
    if declared is not None and declared.kind == "asset":
        return None
    account = _authenticate()
    g.oversight_account = account
    if rule is None:
        return None  # Flask answers 404: nothing is served
    if declared is None:
        # Deny by default: a route nobody declared is refused, whoever asks.
        return _unauthorised() if account is None else _forbid(f"endpoint {rule.endpoint} is not registered")
    if g.get("oversight_via_token") and account is None:
        return _unauthorised("That token is not valid.")
    if request.method not in ("GET", "HEAD", "OPTIONS") and not g.get("oversight_via_token") and not _csrf_ok():
        write_audit("csrf", audit.DENIED, f"{request.method} {request.path}", account=account)
        return jsonify(error="csrf", message="The form has expired or did not come from this site. "
                       "Reload the page and try again."), 400
    if declared.public and declared.kind != "page" and declared.kind != "callback":
        return None  # /healthz, /readyz
    if rule.endpoint == "login":
        return None
    scope = scope_for(account, current_app.config["SDC_K"]) if account is not None else None
    if declared.kind == "callback":
        problem = _check_callback(scope)
        if problem is None:
            return None
        status, why = problem
        if status == 400:
            if account is not None:  # a signed-in user sending what no browser sends is worth a record
                write_audit("malformed", audit.DENIED, f"{request.path}: {why}"[:500])
            return _malformed(why)
        return _unauthorised() if status == 401 else _forbid(why)
    if declared.kind == "download":
        if account is None:
            return _unauthorised()
        found = registry.DOWNLOADS.get((request.view_args or {}).get("name", ""))
        if found is None:
            return _forbid("download is not registered")
        if not found[0].allows(scope.role):
            return _forbid(f"download for {found[0].path}")
    elif declared.kind == "bundle":
        if account is None:
            return _unauthorised()
    elif declared.kind == "api":
        if account is None:
            return _unauthorised()
        if scope.role not in declared.roles:
            return _forbid(f"{rule.endpoint} for {scope.role}")
    elif rule.endpoint in ("/", "/<path:path>"):
        why = _check_path(scope, request.path)
        if why == "sign in":
            return _to_sign_in()
        if why:
            return _forbid(why)
    elif account is None:
        return _to_sign_in()
    bad = _out_of_scope_codes(scope, [request.path] + list(request.args.values()))
    if bad:
        return _forbid(f"authorities outside scope: {', '.join(sorted(bad))}")
    return None


def _to_sign_in():
    if request.method in ("GET", "HEAD"):
        return redirect("/login?" + urlencode({"next": request.full_path.rstrip("?")}))
    return _unauthorised()
