"""Liveness and readiness endpoints for load balancers and orchestrators."""
from __future__ import annotations

from flask import Flask, current_app, jsonify


def register(server: Flask) -> None:
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
