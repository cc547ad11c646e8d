"""CSRF: one token per session, sent back in a header (callbacks) or a form field (Flask forms)."""
from __future__ import annotations

import hmac
import secrets

from flask import request, session

CSRF_COOKIE = "_csrf_token"
CSRF_HEADER = "X-CSRFToken"
CSRF_FIELD = "csrf_token"


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
