"""Liveness and readiness endpoints for load balancers and orchestrators, and the plain answers given
while the database is unavailable."""
from __future__ import annotations

from flask import Flask, Response, current_app, jsonify, request
from markupsafe import escape
from sqlalchemy.exc import DBAPIError

UNAVAILABLE = "The database is unavailable; please try again shortly."
RETRY_AFTER_SECONDS = "30"

UNAVAILABLE_PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>Service unavailable - Review Oversight</title>
<link rel="stylesheet" href="/vendor/bootstrap/css/bootstrap.min.css"></head>
<body><main id="main" class="container py-5">
<h1>Sorry, the service is unavailable</h1>
<p>{message}</p>
<p>Nothing you have entered has been lost. <a href="{path}">Try again</a>.</p>
</main></body>
</html>"""


def _wants_page() -> bool:
    """A browser navigating to a page gets HTML; callbacks, the API and scripts get JSON."""
    if request.path.startswith(("/_dash-", "/api/", "/download/")):
        return False
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "text/html"


def register(server: Flask) -> None:
    # DBAPIError covers every failure the driver reports: refused, timed out, dropped mid-query.
    @server.errorhandler(DBAPIError)
    def database_unavailable(_exc):
        # Never a traceback: say what happened and that nothing was lost. The pool pings each
        # connection before use, so the next request after the database returns succeeds.
        if _wants_page():
            page = UNAVAILABLE_PAGE.format(message=escape(UNAVAILABLE), path=escape(request.path))
            response = Response(page, status=503, mimetype="text/html")
        else:
            response = jsonify(status="unavailable", message=UNAVAILABLE)
            response.status_code = 503
        response.headers["Retry-After"] = RETRY_AFTER_SECONDS
        return response

    @server.errorhandler(413)
    def too_large(_exc):
        limit = server.config.get("MAX_CONTENT_LENGTH") or 0
        return jsonify(status="rejected", message="That upload is larger than this service accepts "
                       f"(about {limit * 3 / 4 / 1024 / 1024:.0f} MB of file); nothing was written."), 413

    @server.errorhandler(500)
    def server_error(_exc):
        return jsonify(status="error", message="Something went wrong on the server; nothing was changed."), 500

    @server.get("/healthz")
    def healthz():
        return jsonify(status="ok")

    @server.get("/readyz")
    def readyz():
        db = current_app.extensions["oversight_db"]
        try:
            db.ping()
        except Exception as exc:
            return _not_ready("database unreachable", exc)
        try:
            version = db.data_version()
        except Exception as exc:
            return _not_ready("database schema missing or behind: run `oversight init-db`", exc)
        return jsonify(status="ready", data_version=version)


def _not_ready(reason: str, exc: Exception):
    kind = type(getattr(exc, "orig", None) or exc).__name__
    return jsonify(status="unavailable", reason=f"{reason} ({kind})"), 503
