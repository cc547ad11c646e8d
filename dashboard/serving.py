"""How the production server is started: one gunicorn command for `oversight serve` and the benchmark."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path


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
           "--graceful-timeout", "10", "--access-logfile", access_log, "--no-control-socket"]
    if error_log:
        cmd += ["--error-logfile", error_log]
    return cmd
