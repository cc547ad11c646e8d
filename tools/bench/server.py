"""The server under measurement: gunicorn as `oversight serve` starts it, and its workers in /proc."""
from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import time
from pathlib import Path

import requests

import dashboard
from dashboard.serving import gunicorn_command

from .client import BenchError
from .stats import parse_pss_kb

# gunicorn imports `dashboard.wsgi` from its working directory when the package is not installed.
SOURCE_ROOT = Path(dashboard.__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children_of(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                stat = fh.read()
        except OSError:
            continue
        # The command name may hold spaces or brackets: the fields after its closing ')' are fixed.
        fields = stat.rsplit(")", 1)[-1].split()
        if len(fields) > 1 and int(fields[1]) == pid:
            out.append(int(entry))
    return sorted(out)


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process has used, from /proc/<pid>/stat."""
    with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
        fields = fh.read().rsplit(")", 1)[-1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pss_mb(pid: int) -> float:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        text = Path(f"/proc/{pid}/smaps").read_text()
    return parse_pss_kb(text) / 1024.0


class Server:
    """gunicorn serving `dashboard.wsgi:server` on a free loopback port, as `oversight serve` does."""

    def __init__(self, database_url: str, folder: Path, workers: int = 2, threads: int = 4):
        self.database_url, self.folder = database_url, folder
        self.workers, self.threads = workers, threads
        self.instance = folder / "instance"
        self.instance.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.log_path = folder / "server.log"

    def environment(self) -> dict:
        env = dict(os.environ)
        env.update({
            "OVERSIGHT_DATABASE_URL": self.database_url,
            "OVERSIGHT_INSTANCE_PATH": str(self.instance),
            "OVERSIGHT_SECRET_KEY": secrets.token_hex(32),
            # Cookies marked Secure are not sent over plain loopback HTTP.
            "OVERSIGHT_ENV": "development",
        })
        return env

    def start(self, timeout: float = 60.0) -> None:
        try:
            cmd = gunicorn_command(f"127.0.0.1:{self.port}", self.workers, self.threads,
                                   access_log=str(self.folder / "access.log"), error_log=str(self.log_path))
        except FileNotFoundError as exc:
            raise BenchError(str(exc)) from None
        # A session of its own: Ctrl-C reaches the benchmark, which stops the server in order.
        self.proc = subprocess.Popen(cmd, cwd=str(SOURCE_ROOT), env=self.environment(), stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(f"the server stopped at start-up:\n{self.log_tail()}")
            try:
                if requests.get(self.base + "/healthz", timeout=2).status_code == 200 and \
                        len(self.worker_pids()) >= self.workers:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise BenchError(f"the server did not answer /healthz within {timeout:.0f} s:\n{self.log_tail()}")

    def worker_pids(self) -> list[int]:
        return children_of(self.proc.pid) if self.proc else []

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)
