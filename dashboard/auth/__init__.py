"""Sign-in, sessions, CSRF, login throttling and the server-side role check on every request.

`init_auth(server)` installs it all on the Flask server: the guard (guard.py) runs before every
request, the sign-in pages (views.py, HTML in templates/) are plain Flask routes, and the
scope resolver hands data_access the signed-in user's scope.
"""
from __future__ import annotations

import datetime as dt
import logging

from flask import Flask, current_app, request, session
from flask_login import LoginManager

from data_access import audit
from data_access import users as accounts

from ..config import ConfigError
from .csrf import CSRF_COOKIE, CSRF_FIELD, CSRF_HEADER, csrf_token
from .guard import ASSET_PREFIXES, CALLBACK_PATH, _forbid, _guard, _unauthorised
from .identity import (
    Forbidden,
    NotSignedIn,
    SignedIn,
    current_account,
    current_user_scope,
    require_role,
    scope_for,
    write_audit,
)
from .secrets import weak_secret_reason
from .throttle import LOGIN_LIMIT, LOGIN_WINDOW_SECONDS
from .views import FAILED_LOGIN_MESSAGE, account_view, login_view, logout_view

__all__ = [
    "CALLBACK_PATH", "CSRF_COOKIE", "CSRF_FIELD", "CSRF_HEADER", "FAILED_LOGIN_MESSAGE", "LOGIN_LIMIT",
    "LOGIN_WINDOW_SECONDS", "ASSET_PREFIXES", "Forbidden", "NotSignedIn", "SignedIn",
    "csrf_token", "current_account", "current_user_scope", "init_auth", "require_role",
    "scope_for", "token_days", "weak_secret_reason", "write_audit",
]

log = logging.getLogger(__name__)

# Browsers keep to HTTPS for a year; subdomains are left to the operator, who may serve others.
HSTS = "max-age=31536000"


def token_days(value) -> int:
    """OVERSIGHT_TOKEN_DAYS as a number of days (default 90), or a ConfigError naming it."""
    if value is None or str(value).strip() == "":
        return accounts.TOKEN_DAYS_DEFAULT
    try:
        days = int(str(value).strip())
    except ValueError:
        days = 0
    if not 1 <= days <= 3660:
        raise ConfigError(f"OVERSIGHT_TOKEN_DAYS must be a whole number of days from 1 to 3660, not {value!r}")
    return days


def _after(response):
    if session.get("csrf") and request.cookies.get(CSRF_COOKIE) != session["csrf"]:
        response.set_cookie(CSRF_COOKIE, session["csrf"], samesite="Lax", httponly=False, path="/",
                            secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
    if request.path.startswith("/download/") and response.status_code == 200:
        write_audit("download", audit.OK, request.full_path.rstrip("?"))
    if current_account() is not None:
        response.headers.setdefault("Cache-Control", "no-store")
    if current_app.config.get("ENV") == "production":
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def _ensure_csrf():
    # Every visitor carries a token from their first page, so the renderer can send it back.
    if request.method == "GET" and not request.path.startswith(ASSET_PREFIXES):
        csrf_token()


def _check_production(server: Flask) -> None:
    if server.config.get("ENV") != "production":
        return
    if not server.config.get("SECRET_KEY"):
        raise ConfigError("OVERSIGHT_SECRET_KEY must be set when OVERSIGHT_ENV=production")
    weak = weak_secret_reason(str(server.config.get("SECRET_KEY") or ""))
    if weak:
        raise ConfigError(f"OVERSIGHT_SECRET_KEY is too weak for production: {weak}. Anyone who guesses it "
                          "can sign in as any user.")
    try:
        demo = accounts.demo_users_present(server.extensions["oversight_db"])
    except Exception as exc:
        log.info("could not look for demonstration accounts: %s", type(exc).__name__)
        demo = []
    if demo:
        raise ConfigError(f"demonstration accounts must be removed before running in production: {', '.join(demo)}")


def init_auth(server: Flask) -> None:
    """Install sign-in, the request guard and the scope resolver on the Flask server."""
    _check_production(server)
    server.config["TOKEN_DAYS"] = token_days(server.config.get("TOKEN_DAYS"))
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
