"""Liveness and readiness endpoints for load balancers and orchestrators."""
from __future__ import annotations

from flask import Flask, current_app, jsonify


def register(server: Flask) -> None:
    from sqlalchemy.exc import OperationalError

    @server.errorhandler(OperationalError)
    def database_unavailable(_exc):
        # Never a traceback: say what happened and that nothing was lost.
        return jsonify(status="unavailable", message="The database is unavailable; please try again shortly."), 503

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
            version = db.data_version()
        except Exception as exc:  # noqa: BLE001 - any failure means not ready; say why, briefly
            reason = type(exc).__name__
            return jsonify(status="unavailable", reason=f"database unreachable ({reason})"), 503
        return jsonify(status="ready", data_version=version)
