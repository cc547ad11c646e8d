"""How the production server is started: one gunicorn command for `oversight serve` and the benchmark,
and the warm-up that makes every worker ready before it serves.

gunicorn also reads this module as its configuration file (`--config python:dashboard.serving`)
for the one hook `on_starting`; no other name here is a gunicorn setting.
"""
from __future__ import annotations

import logging
import shutil
import sys
from pathlib import Path

from dash import Dash
from gunicorn.http import wsgi as gunicorn_wsgi

log = logging.getLogger(__name__)

# A public page that Dash renders as its index: fetching it runs every `before_request` hook (Dash's
# own set-up, the Pages router) and builds the index, which registers the component bundles.
WARM_UP_PATH = "/about"


def hide_server_banner() -> None:
    """Stop gunicorn sending `Server: gunicorn`, which tells an attacker what to try.

    gunicorn writes that header itself on every response and has no setting to turn it off,
    so its default header list is filtered once in the master, before the workers fork.
    """
    original = gunicorn_wsgi.Response.default_headers
    if getattr(original, "hides_server_banner", False):
        return

    def default_headers(self):
        return [line for line in original(self) if not line.lower().startswith("server:")]

    default_headers.hides_server_banner = True
    gunicorn_wsgi.Response.default_headers = default_headers


def on_starting(_arbiter) -> None:
    """gunicorn's server hook: runs in the master before the app loads and the workers fork."""
    hide_server_banner()


def gunicorn_command(bind: str, workers: int, threads: int, *, access_log: str = "-",
                     error_log: str | None = None) -> list[str]:
    """The gunicorn command line serving `dashboard.wsgi:server`; FileNotFoundError without gunicorn.

    Threads let one browser's parallel callbacks share a worker without queueing behind each
    other; --preload builds (and warms, see `warm_up`) the app once, before the fork, so every
    worker starts ready and the workers share its memory; --no-control-socket lets several
    instances run side by side.
    """
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or shutil.which("gunicorn")
    if gunicorn is None:
        raise FileNotFoundError("gunicorn is not installed")
    cmd = [gunicorn, "dashboard.wsgi:server", "--bind", bind, "--workers", str(workers),
           "--worker-class", "gthread", "--threads", str(threads), "--preload", "--timeout", "60",
           "--graceful-timeout", "10", "--access-logfile", access_log, "--no-control-socket",
           "--config", "python:dashboard.serving"]
    if error_log:
        cmd += ["--error-logfile", error_log]
    return cmd


def warm_up(app: Dash) -> int:
    """Do once, in the process that forks the workers, what Dash otherwise does on each worker's first
    request; returns the index page's HTTP status.

    Dash sets itself up (component registry, bundle paths, the Pages router's callback) lazily on a
    worker's first request and marks that done before it is finished, so a worker's other threads
    could serve a bundle in the meantime and answer 500 ("dash" is not a registered library). Warmed
    here, every worker inherits the finished state. The set-up may read the database (the header's
    as-of date); those connections are closed again so that no worker shares one with its parent.
    """
    server = app.server
    status = server.test_client().get(WARM_UP_PATH).status_code
    if status != 200:
        log.warning("warm-up: %s answered HTTP %s", WARM_UP_PATH, status)
    server.extensions["oversight_db"].dispose()
    return status
