"""Sign-in, sessions, CSRF, login throttling and the server-side role check on every request.

Every request passes `_guard` (a Flask `before_request` hook) before any route or callback
runs, so a new page, callback or route is protected by default:

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

import datetime as dt
import hmac
import json
import logging
import os
import re
import secrets
import time
from urllib.parse import unquote, urlencode, urlsplit

from flask import Flask, Response, current_app, g, jsonify, redirect, render_template_string, request, session
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from markupsafe import Markup

from data_access import audit
from data_access import users as accounts
from data_access.reference import AUTHORITIES, OLD_GSS_CODES
from data_access.scope import Scope

from .api.respond import problem
from .config import ConfigError
from . import registry

log = logging.getLogger(__name__)

CSRF_COOKIE = "_csrf_token"
CSRF_HEADER = "X-CSRFToken"
CSRF_FIELD = "csrf_token"
LOGIN_LIMIT = 5  # failed attempts allowed per minute, per account and per client
LOGIN_WINDOW_SECONDS = 60
FAILED_LOGIN_MESSAGE = "The username or password is not right."

ASSET_PREFIXES = ("/vendor/", "/assets/", "/_dash-component-suites/")
CALLBACK_PATH = "/_dash-update-component"
ROUTER_INPUTS = [("_pages_location", "pathname"), ("_pages_location", "search")]
PAGES_CONTENT_ID = "_pages_content"
GSS_PATTERN = re.compile(r"S12\d{6}")
KNOWN_CODES = {a.gss_code for a in AUTHORITIES} | set(OLD_GSS_CODES)


class Forbidden(Exception):
    """The signed-in user asked for something their role may not see: 403 and an audit row."""


class NotSignedIn(Exception):
    """No user: anonymous requests never reach data."""


class SignedIn(UserMixin):
    """The Flask-Login user: an account record read from the database on every request."""

    def __init__(self, account: accounts.Account):
        self.account = account

    def get_id(self) -> str:
        return str(self.account.id)

    @property
    def is_active(self) -> bool:
        return self.account.active


# -- who is asking -----------------------------------------------------------------------------
def current_account() -> accounts.Account | None:
    """The signed-in (or token-authenticated) account for this request, else None."""
    if "oversight_account" in g:
        return g.oversight_account
    return None


def scope_for(account: accounts.Account, k: int) -> Scope:
    return Scope(account.role, account.authority if account.role == "coordinator" else None, k=k)


def current_user_scope() -> Scope:
    """The scope data_access reads with; installed as `extensions['oversight_scope']`."""
    account = current_account()
    if account is None:
        raise NotSignedIn("no signed-in user")
    return scope_for(account, current_app.config["SDC_K"])


def require_role(*roles: str) -> accounts.Account:
    """For callbacks and routes that only some roles may run (e.g. the admin page)."""
    account = current_account()
    if account is None:
        raise NotSignedIn("no signed-in user")
    if account.role not in roles:
        raise Forbidden(f"needs role {' or '.join(roles)}")
    return account


def _scope_label(account: accounts.Account | None) -> str | None:
    if account is None:
        return None
    if account.role == "coordinator":
        return account.authority
    return "national" if account.role == "presenter" else "all authorities"


def write_audit(action: str, outcome: str, detail: str = "", account: accounts.Account | None = None,
                username: str | None = None) -> None:
    account = account or current_account()
    try:
        audit.record(current_app.extensions["oversight_db"], action, outcome,
                     username=username or (account.username if account else None),
                     role=account.role if account else None, scope=_scope_label(account), detail=detail)
    except Exception:  # noqa: BLE001 - an audit failure is logged loudly, never shown as data
        log.exception("could not write the audit row for %s %s", action, outcome)


# -- CSRF ----------------------------------------------------------------------------------------
def csrf_token() -> str:
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return token


def _csrf_ok() -> bool:
    expected = session.get("csrf")
    sent = request.headers.get(CSRF_HEADER)
    if not sent and request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        sent = request.form.get(CSRF_FIELD)
    return bool(expected and sent and hmac.compare_digest(str(expected), str(sent)))


# -- login throttling, shared by every worker and host --------------------------------------
def _client() -> str:
    return (request.remote_addr or "unknown")[:64]


def _redis():
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    client = current_app.extensions.get("oversight_redis")
    if client is None:
        import redis

        client = redis.Redis.from_url(url, socket_timeout=0.25, socket_connect_timeout=0.25)
        current_app.extensions["oversight_redis"] = client
    return client


def _redis_keys(username: str, client: str) -> tuple[str, str]:
    return f"oversight:login-failed:user:{username}", f"oversight:login-failed:client:{client}"


def _too_many_failures(username: str, client: str) -> bool:
    r = _redis()
    if r is not None:
        try:
            now = time.time()
            pipe = r.pipeline()
            for key in _redis_keys(username, client):
                pipe.zremrangebyscore(key, 0, now - LOGIN_WINDOW_SECONDS)
                pipe.zcard(key)
            res = pipe.execute()
            return max(res[1], res[3]) >= LOGIN_LIMIT
        except Exception:  # noqa: BLE001 - Redis down: count in the database instead
            log.warning("login counter unavailable in Redis; using the database", exc_info=True)
    since = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=LOGIN_WINDOW_SECONDS)
    by_user, by_client = audit.failed_logins_since(current_app.extensions["oversight_db"], username, client, since)
    return max(by_user, by_client) >= LOGIN_LIMIT


def _count_failure(username: str, client: str) -> None:
    r = _redis()
    if r is not None:
        try:
            now = time.time()
            pipe = r.pipeline()
            for key in _redis_keys(username, client):
                pipe.zadd(key, {f"{now}:{secrets.token_hex(4)}": now})
                pipe.expire(key, LOGIN_WINDOW_SECONDS + 5)
            pipe.execute()
            return
        except Exception:  # noqa: BLE001
            log.warning("login counter unavailable in Redis; using the database", exc_info=True)
    audit.add_failed_login(current_app.extensions["oversight_db"], username, client)


def _forget_failures(username: str) -> None:
    r = _redis()
    if r is not None:
        try:
            r.delete(_redis_keys(username, "")[0])
        except Exception:  # noqa: BLE001
            pass
    before = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=LOGIN_WINDOW_SECONDS)
    audit.prune_failed_logins(current_app.extensions["oversight_db"], before, username=username)


# -- pages served by Flask -------------------------------------------------------------------
PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{{ title }} - Review Oversight</title>
  <link rel="stylesheet" href="/vendor/bootstrap/css/bootstrap.min.css">
  <link rel="stylesheet" href="/assets/oversight.css">
</head>
<body>
  <a class="skip-link" href="#main">Skip to main content</a>
  <header class="site-header"><div class="header-bar">
    <a class="service-name" href="/">Review Oversight</a>
  </div></header>
  <main id="main" class="container" tabindex="-1" style="max-width: 32rem">
    <h1 class="h2 my-3">{{ title }}</h1>
    {% if message %}<div class="alert alert-{{ 'success' if ok else 'danger' }}" role="{{ 'status' if ok else 'alert' }}" id="form-message">{{ message }}</div>{% endif %}
    {{ body }}
  </main>
</body>
</html>"""

LOGIN_FORM = """<form method="post" action="/login" class="panel" novalidate>
  <input type="hidden" name="csrf_token" value="{{ csrf }}">
  <input type="hidden" name="next" value="{{ next }}">
  <div class="mb-3">
    <label class="form-label" for="username">Username</label>
    <input class="form-control" id="username" name="username" autocomplete="username" required value="{{ username }}"
      {% if message %}aria-describedby="form-message"{% endif %}>
  </div>
  <div class="mb-3">
    <label class="form-label" for="password">Password</label>
    <input class="form-control" id="password" name="password" type="password" autocomplete="current-password" required>
  </div>
  <button class="btn btn-primary" type="submit">Sign in</button>
</form>
<p class="mt-3"><a href="/about">About this dashboard and its data</a></p>"""

ACCOUNT_FORM = """<p>Signed in as <strong>{{ username }}</strong> ({{ role }}{% if authority %}, {{ authority }}{% endif %}).</p>
<form method="post" action="/account" class="panel">
  <input type="hidden" name="csrf_token" value="{{ csrf }}">
  <h2 class="h4">Change your password</h2>
  <div class="mb-3">
    <label class="form-label" for="current_password">Current password</label>
    <input class="form-control" id="current_password" name="current_password" type="password" autocomplete="current-password" required>
  </div>
  <div class="mb-3">
    <label class="form-label" for="new_password">New password (12 characters or more)</label>
    <input class="form-control" id="new_password" name="new_password" type="password" autocomplete="new-password" minlength="12" required>
  </div>
  <div class="mb-3">
    <label class="form-label" for="confirm_password">New password again</label>
    <input class="form-control" id="confirm_password" name="confirm_password" type="password" autocomplete="new-password" minlength="12" required>
  </div>
  <button class="btn btn-primary" type="submit">Change password</button>
</form>
<form method="post" action="/logout" class="mt-3">
  <input type="hidden" name="csrf_token" value="{{ csrf }}">
  <a href="/" class="me-3">Back to the dashboard</a>
  <button class="btn btn-outline-secondary" type="submit">Sign out</button>
</form>"""


def _page(title: str, body_template: str, *, status: int = 200, message: str = "", ok: bool = False, **values):
    body = Markup(render_template_string(body_template, csrf=csrf_token(), message=message, **values))
    html = render_template_string(PAGE, title=title, body=body, message=message, ok=ok)
    return Response(html, status=status, mimetype="text/html", headers={"Cache-Control": "no-store"})


def _safe_next(target: str | None) -> str:
    """Only a path on this site; anything else (another host, a scheme) goes to the start page."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/"
    return target


def _start_session(account: accounts.Account) -> None:
    session.clear()
    login_user(SignedIn(account))
    session.permanent = True
    session["gen"] = account.session_generation
    session["seen"] = int(time.time())
    session["csrf"] = secrets.token_urlsafe(32)
    g.oversight_account = account


def login_view():
    if request.method == "GET":
        if current_account() is not None:
            return redirect(_safe_next(request.args.get("next")))
        return _page("Sign in", LOGIN_FORM, next=_safe_next(request.args.get("next")), username="")
    username = (request.form.get("username") or "").strip()[:80]
    password = request.form.get("password") or ""
    next_url = _safe_next(request.form.get("next"))
    counter_name, client = username.lower(), _client()
    if _too_many_failures(counter_name, client):
        _count_failure(counter_name, client)
        write_audit("login", "throttled", f"from {client}", username=username or "(blank)")
        return _page("Sign in", LOGIN_FORM, status=429, next=next_url, username=username,
                     message="Too many failed attempts. Wait a minute, then try again.")
    db = current_app.extensions["oversight_db"]
    account = accounts.account_by_name(db, username) if username else None
    usable = account is not None and account.active
    if not accounts.verify_password(account.password_hash if usable else None, password) or not usable:
        _count_failure(counter_name, client)
        write_audit("login", audit.FAILED, f"from {client}", username=username or "(blank)")
        return _page("Sign in", LOGIN_FORM, status=401, next=next_url, username=username,
                     message=FAILED_LOGIN_MESSAGE)
    _forget_failures(counter_name)
    _start_session(account)
    write_audit("login", audit.OK, f"from {client}", account=account)
    return redirect(next_url)


def logout_view():
    account = current_account()
    if account is not None and not g.get("oversight_via_token"):
        accounts.end_sessions(current_app.extensions["oversight_db"], account.username)
        write_audit("logout", audit.OK, account=account)
    logout_user()
    session.clear()
    return redirect("/login")


def account_view():
    account = current_account()
    values = {"username": account.username, "role": account.role, "authority": account.authority_name}
    if request.method == "GET":
        return _page("Your account", ACCOUNT_FORM, **values)
    db = current_app.extensions["oversight_db"]
    current = request.form.get("current_password") or ""
    new, again = request.form.get("new_password") or "", request.form.get("confirm_password") or ""
    full = accounts.account_by_id(db, account.id)
    message = None
    if not accounts.verify_password(full.password_hash if full else None, current):
        message = "Your current password is not right."
    elif new != again:
        message = "The two new passwords are not the same."
    else:
        try:
            accounts.set_password(db, account.username, new)
        except accounts.UserError as exc:
            message = f"Not changed: {exc}."
    if message:
        write_audit("password change", audit.FAILED, account=account)
        return _page("Your account", ACCOUNT_FORM, status=400, message=message, **values)
    write_audit("password change", audit.OK, account=account)
    # Other copies of the old session end; this browser carries on with the new generation.
    _start_session(accounts.account_by_id(db, account.id))
    return _page("Your account", ACCOUNT_FORM, message="Your password has been changed.", ok=True, **values)


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


def _arranged_as_registered(key: str, body: dict) -> str | None:
    """Whether the inputs and state come in the order and shape the callback was registered with."""
    spec = current_app.extensions["oversight_callbacks"].spec(key)
    if spec is None:
        return None
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


def _after(response):
    if session.get("csrf") and request.cookies.get(CSRF_COOKIE) != session["csrf"]:
        response.set_cookie(CSRF_COOKIE, session["csrf"], samesite="Lax", httponly=False, path="/",
                            secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
    if request.path.startswith("/download/") and response.status_code == 200:
        write_audit("download", audit.OK, request.full_path.rstrip("?"))
    if current_account() is not None:
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def _ensure_csrf():
    # Every visitor carries a token from their first page, so the renderer can send it back.
    if request.method == "GET" and not request.path.startswith(ASSET_PREFIXES):
        csrf_token()


# -- set-up ------------------------------------------------------------------------------------
def _check_production(server: Flask, explicit_secret: bool) -> None:
    if server.config.get("ENV") != "production":
        return
    if not os.environ.get("OVERSIGHT_SECRET_KEY") and not explicit_secret:
        raise ConfigError("OVERSIGHT_SECRET_KEY must be set when OVERSIGHT_ENV=production")
    try:
        demo = accounts.demo_users_present(server.extensions["oversight_db"])
    except Exception as exc:  # noqa: BLE001 - an empty database has no demo accounts
        log.info("could not look for demonstration accounts: %s", type(exc).__name__)
        demo = []
    if demo:
        raise ConfigError(f"demonstration accounts must be removed before running in production: {', '.join(demo)}")


def init_auth(server: Flask, *, explicit_secret: bool = False) -> None:
    """Install sign-in, the request guard and the scope resolver on the Flask server."""
    _check_production(server, explicit_secret)
    production = server.config.get("ENV") == "production"
    idle = int(server.config.get("SESSION_IDLE_MINUTES", 30))
    server.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=production,
        SESSION_COOKIE_NAME="oversight_session",
        PERMANENT_SESSION_LIFETIME=dt.timedelta(minutes=idle),
        REMEMBER_COOKIE_DURATION=dt.timedelta(seconds=0),
    )
    manager = LoginManager()
    manager.session_protection = "basic"
    manager.init_app(server)

    @manager.user_loader
    def load_user(user_id: str):
        try:
            account = accounts.account_by_id(server.extensions["oversight_db"], int(user_id))
        except (TypeError, ValueError):
            return None
        if account is None or not account.active or session.get("gen") != account.session_generation:
            return None
        return SignedIn(account)

    server.before_request(_ensure_csrf)
    server.before_request(_guard)
    server.after_request(_after)
    server.add_url_rule("/login", "login", login_view, methods=["GET", "POST"])
    server.add_url_rule("/logout", "logout", logout_view, methods=["POST"])
    server.add_url_rule("/account", "account", account_view, methods=["GET", "POST"])

    @server.errorhandler(Forbidden)
    def _forbidden(exc):
        return _forbid(str(exc) or "forbidden")

    @server.errorhandler(NotSignedIn)
    def _not_signed_in(_exc):
        return _unauthorised()

    server.extensions["oversight_scope"] = current_user_scope
