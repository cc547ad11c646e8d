"""How the production server is started: one gunicorn command for `oversight serve` and the benchmark.

gunicorn also reads this module as its configuration file (`--config python:dashboard.serving`)
for the one hook below; no other name here is a gunicorn setting.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

from gunicorn.http import wsgi as gunicorn_wsgi


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
    other; --preload builds the app once so the workers share its memory (see dashboard/wsgi.py);
    --no-control-socket lets several instances run side by side.
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
