"""The request guard: every request passes `_guard` (a Flask `before_request` hook) before any
route or callback runs, so a new page, callback or route is protected by default.

- public: /login, /about (and the callbacks that render it), /healthz, /readyz, /vendor/,
  /assets/, Dash's component bundles, /_dash-layout and /_dash-dependencies (these describe
  the page shell, never review data);
- anonymous: a page request is redirected to /login?next=...; a callback, /api/ or
  /download/ request gets 401;
- signed in: a page, callback or download belonging to a page the role may not open, or
  naming an authority outside the user's scope, gets 403 and an audit row.

The user's scope (role, a co-ordinator's authority, k) comes from their record on the
server and is handed to data_access, which scopes and suppresses the data itself; nothing
the browser sends (a `pathname`, an input value) widens it.
"""
from __future__ import annotations

import json
import re
import time
from urllib.parse import urlencode

from flask import current_app, g, jsonify, redirect, request, session
from flask_login import current_user, logout_user

from data_access import audit
from data_access import users as accounts
from data_access.reference import AUTHORITIES, OLD_GSS_CODES
from data_access.scope import Scope

from ..roles import ANONYMOUS_NAV, allowed_page, page_for_component, page_for_path
from .csrf import _csrf_ok
from .identity import scope_for, write_audit
from .views import _page

PUBLIC_PREFIXES = ("/vendor/", "/assets/", "/_dash-component-suites/")
PUBLIC_PATHS = {"/login", "/healthz", "/readyz", "/_favicon.ico", "/_dash-layout", "/_dash-dependencies"}
ANONYMOUS_PAGES = ANONYMOUS_NAV
CALLBACK_PATH = "/_dash-update-component"
PAGES_CONTENT_ID = "_pages_content"
PAGES_LOCATION_ID = "_pages_location"
GSS_PATTERN = re.compile(r"S12\d{6}")
KNOWN_CODES = {a.gss_code for a in AUTHORITIES} | set(OLD_GSS_CODES)


# -- the guard -----------------------------------------------------------------------------------
def _is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def _unauthorised(message: str = "Sign in first."):
    return jsonify(error="unauthorised", message=message), 401


def _forbid(detail: str):
    write_audit("denied", audit.DENIED, f"{request.method} {request.path}: {detail}"[:500])
    if request.path == CALLBACK_PATH or request.path.startswith(("/api/", "/download/")) or request.is_json:
        return jsonify(error="forbidden", message="Your role does not give access to this."), 403
    return _page("Not available", "<p>Your role does not give access to this page.</p><p><a href=\"/\">Go to the "
                 "start page</a></p>", status=403)


def _callback_body() -> dict:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


def _ids(items) -> list:
    if isinstance(items, dict):
        items = [items]
    out = []
    for item in items or []:
        if isinstance(item, list):
            out += _ids(item)
        elif isinstance(item, dict) and "id" in item:
            out.append(item["id"])
    return out


def _values(items) -> list:
    out = []
    for item in items or []:
        if isinstance(item, list):
            out += _values(item)
        elif isinstance(item, dict):
            out.append(item.get("value"))
    return out


def _codes_in(value) -> set[str]:
    """GSS codes of authorities anywhere in a value the browser sent."""
    if value is None:
        return set()
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return {c for c in GSS_PATTERN.findall(text) if c in KNOWN_CODES}


def _out_of_scope_codes(scope: Scope | None, values) -> set[str]:
    codes = set()
    for v in values:
        codes |= _codes_in(v)
    codes = {OLD_GSS_CODES.get(c, c) for c in codes}
    if scope is None:
        return codes
    return {c for c in codes if not scope.may_see_authority(c)}


def _check_path(scope: Scope | None, path: str) -> str | None:
    """Why a page path is refused to this scope (None if it may be opened)."""
    page, authority = page_for_path(path)
    if page is None:
        return None  # not a page of ours: Dash answers with its 'not found' page
    if scope is None:
        return None if page in ANONYMOUS_PAGES else "sign in"
    if authority is not None and not GSS_PATTERN.fullmatch(authority):
        return None  # an unknown code: the profile page says not found
    if not allowed_page(scope, page, OLD_GSS_CODES.get(authority, authority)):
        return f"page {path}"
    return None


def _check_callback(scope: Scope | None) -> tuple[int, str] | None:
    body = _callback_body()
    outputs = _ids(body.get("outputs"))
    if not outputs and isinstance(body.get("output"), str):
        outputs = [part.split(".")[0] for part in body["output"].strip(".").split("...") if part]
    inputs = body.get("inputs") or []
    state = body.get("state") or []
    ids = [o.get("type", "") if isinstance(o, dict) else str(o) for o in outputs]
    if PAGES_CONTENT_ID in ids:
        # Dash Pages' router: the pathname is the browser's claim, checked like a page request.
        pathname = next((i.get("value") for i in _flat(inputs) if i.get("id") == PAGES_LOCATION_ID
                         and i.get("property") == "pathname"), None) or "/"
        why = _check_path(scope, str(pathname))
        if why == "sign in":
            return 401, why
        if why:
            return 403, why
        if scope is None:
            return None
    elif scope is None:
        if ids and all(page_for_component(i) in ANONYMOUS_PAGES for i in ids):
            return None
        return 401, "sign in"
    else:
        for i in ids:
            page = page_for_component(i)
            if page is not None and not allowed_page(scope, page):
                return 403, f"callback for {page} ({i})"
    bad = _out_of_scope_codes(scope, _values(inputs) + _values(state) + [body.get("changedPropIds")])
    if bad:
        return 403, f"authorities outside scope: {', '.join(sorted(bad))}"
    return None


def _flat(items) -> list[dict]:
    out = []
    for item in items or []:
        if isinstance(item, list):
            out += _flat(item)
        elif isinstance(item, dict):
            out.append(item)
    return out


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
    path = request.path
    g.oversight_account = None
    if path.startswith(PUBLIC_PREFIXES):
        return None
    account = _authenticate()
    g.oversight_account = account
    if _is_public(path) and path != "/login":
        return None  # the shell still shows who is signed in
    if g.get("oversight_via_token") and account is None:
        return _unauthorised("That token is not valid.")
    if request.method not in ("GET", "HEAD", "OPTIONS") and not g.get("oversight_via_token") and not _csrf_ok():
        write_audit("csrf", audit.DENIED, f"{request.method} {path}", account=account)
        return jsonify(error="csrf", message="The form has expired or did not come from this site. "
                       "Reload the page and try again."), 400
    if path == "/login":
        return None
    scope = scope_for(account, current_app.config["SDC_K"]) if account is not None else None
    if path == CALLBACK_PATH:
        problem = _check_callback(scope)
        if problem is None:
            return None
        status, why = problem
        return _unauthorised() if status == 401 else _forbid(why)
    if path.startswith("/download/"):
        if account is None:
            return _unauthorised()
        page = page_for_component(path.rsplit("/", 1)[-1])
        if page is not None and not allowed_page(scope, page):
            return _forbid(f"download for {page}")
        bad = _out_of_scope_codes(scope, list(request.args.values()))
        return _forbid(f"authorities outside scope: {', '.join(sorted(bad))}") if bad else None
    if path.startswith("/api/"):
        if account is None:
            return _unauthorised()
        bad = _out_of_scope_codes(scope, [path] + list(request.args.values()))
        return _forbid(f"authorities outside scope: {', '.join(sorted(bad))}") if bad else None
    if account is None:
        if request.method == "GET" and _check_path(None, path) is None and page_for_path(path)[0] is not None:
            return None  # /about
        if request.method in ("GET", "HEAD") and not path.startswith("/_"):
            target = request.full_path.rstrip("?")
            return redirect("/login?" + urlencode({"next": target}))
        return _unauthorised()
    why = _check_path(scope, path)
    if why:
        return _forbid(why)
    bad = _out_of_scope_codes(scope, list(request.args.values()))
    if bad:
        return _forbid(f"authorities outside scope: {', '.join(sorted(bad))}")
    return None

