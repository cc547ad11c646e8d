"""Review Oversight: the Dash app factory."""
from __future__ import annotations

import logging
import os
from importlib.resources import files
from pathlib import Path

from dash import Dash, _dash_renderer
from flask import Flask, abort, send_from_directory
from werkzeug.middleware.proxy_fix import ProxyFix

from data_access.cache import cache
from data_access.db import Database
from data_access.importers import set_max_upload_mb

from . import api, auth, downloads, health, pages, registry, shell  # noqa: F401 - pages declare themselves
from . import config as config_module
from .settings import load as load_settings

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "assets"
BOOTSTRAP_CSS = "/vendor/bootstrap/css/bootstrap.min.css"
# The one part of the Babel polyfill the renderer and components still call (see `_without_polyfill`).
REGENERATOR_JS = "/assets/vendor/regenerator-runtime-0.14.1.js"
# Bootstrap's CSS as package files, from the Bootstrap-Flask wheel (its css/ folder holds Bootstrap 5.3.8).
BOOTSTRAP_DIR = str(files("flask_bootstrap") / "static" / "bootstrap5")

INDEX_STRING = """<!DOCTYPE html>
<html lang="en-GB">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        <a class="skip-link" href="#main">Skip to main content</a>
        {%app_entry%}
        {%config%}
        {%scripts%}
        {%renderer%}
    </body>
</html>"""


def _cache_config(cfg: dict) -> dict:
    if cfg.get("REDIS_URL"):
        return {
            "CACHE_TYPE": "RedisCache",
            "CACHE_REDIS_URL": cfg["REDIS_URL"],
            "CACHE_DEFAULT_TIMEOUT": 3600,
            "CACHE_KEY_PREFIX": "oversight:",
            # A hung Redis must not hang a page: give up quickly and read the database.
            "CACHE_OPTIONS": {"socket_timeout": 0.25, "socket_connect_timeout": 0.25},
        }
    if cfg.get("CACHE_TYPE"):
        return {"CACHE_TYPE": cfg["CACHE_TYPE"], "CACHE_DEFAULT_TIMEOUT": 3600}
    return {"CACHE_TYPE": "FileSystemCache", "CACHE_DIR": cfg["CACHE_DIR"], "CACHE_DEFAULT_TIMEOUT": 3600,
            "CACHE_THRESHOLD": 5000}


def _security_headers(server: Flask, app: Dash) -> None:
    """A strict Content-Security-Policy: everything comes from this app, nothing from elsewhere.

    The only inline scripts are Dash's own (the renderer's start and the Pages title callback),
    allowed by their hashes. Dash adds the Pages script while it sets itself up, so the policy is
    worked out again whenever the number of inline scripts has changed.
    """
    cached: dict[int, str] = {}

    def policy() -> str:
        count = len(app._inline_scripts)
        if count not in cached:
            cached.clear()
            cached[count] = _policy(app.csp_hashes())
        return cached[count]

    @server.after_request
    def add_headers(response):
        response.headers.setdefault("Content-Security-Policy", policy())
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response


def _policy(script_hashes: list[str]) -> str:
    return "; ".join([
        "default-src 'self'",
        "script-src 'self' " + " ".join(script_hashes),
        "style-src 'self' 'unsafe-inline'",  # Plotly and the grid set element styles
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def _without_polyfill() -> None:
    """The renderer's own dependencies less the Babel polyfill: core-js for browsers older than any the
    dashboard supports, 100 KB that every page ran before its first callback, which also swaps some of
    the browser's string functions for slower copies. The renderer and components still call its
    generator runtime (`regeneratorRuntime`), served on its own before them (REGENERATOR_JS)."""
    for dependency in _dash_renderer._js_dist_dependencies:
        for key in ("external_url", "relative_package_path"):
            for mode, paths in (dependency.get(key) or {}).items():
                dependency[key][mode] = [p for p in paths if "polyfill@" not in p]


def create_app(config: dict | None = None) -> Dash:
    """Build the dashboard: settings, database, cache, routes, pages and callbacks."""
    settings = load_settings()
    server = Flask("dashboard", instance_path=settings.instance_path)
    os.makedirs(server.instance_path, exist_ok=True)
    server.config.update(config_module.flask_config(settings))
    server.config.update(config or {})
    set_max_upload_mb(server.config["MAX_UPLOAD_BYTES"] / (1024 * 1024))

    if server.config.get("TRUSTED_PROXIES"):
        n = server.config["TRUSTED_PROXIES"]
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=n, x_proto=n, x_host=n)

    db = Database(server.config["DATABASE_URL"])
    server.extensions["oversight_db"] = db
    server.config.update(_cache_config(server.config))
    cache.init_app(server)

    auth.init_auth(server)

    @server.route("/vendor/bootstrap/<path:filename>")
    def bootstrap_files(filename: str):
        if not filename.endswith((".css", ".map")):
            abort(404)
        return send_from_directory(BOOTSTRAP_DIR, filename, max_age=86400)

    health.register(server)
    downloads.register(server)
    api.register(server)

    _without_polyfill()
    app = Dash(
        "dashboard",
        server=server,
        use_pages=True,
        pages_folder="",  # pages are declared in dashboard.registry, not found by scanning a folder
        assets_folder=str(ASSETS),
        assets_path_ignore=["vendor"],  # fetched when needed (assets/plotly_bundle.js), not by every page
        external_stylesheets=[BOOTSTRAP_CSS],
        external_scripts=[REGENERATOR_JS],
        serve_locally=True,
        title="Review Oversight",
        update_title=None,
        suppress_callback_exceptions=True,
        compress=False,
    )
    app.index_string = INDEX_STRING
    _security_headers(server, app)

    registry.register_pages()
    callbacks = registry.CallbackMap()
    for page in [*registry.PAGES.values(), *registry.SHELL_PARTS]:
        if page.callbacks is not None:
            callbacks.register(app, page)
    server.extensions["oversight_callbacks"] = callbacks
    app.layout = shell.layout
    logging.getLogger(__name__).debug("app created on %r", db)
    return app
