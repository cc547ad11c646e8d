"""The production server as an operator starts it: every worker ready before it serves, and serving
(and readiness) while the database is away.

These start the real `oversight serve` (gunicorn, --preload) in a subprocess on a free port.
"""
from __future__ import annotations

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from production.support import Proxy, free_port
from services import ROOT
from sqlalchemy.engine import make_url

from dashboard import create_app
from data_access.db import Database
from data_access.users import add_user

RESTARTS = int(os.environ.get("OVERSIGHT_TEST_RESTARTS", "3"))  # 20 for the full check
CLIENTS = 24
BUNDLE = re.compile(r'(?:src|href)="(/_dash-component-suites/[^"]+)"')


def serve_env(tmp_path: Path, url: str, secret: str) -> dict:
    env = dict(os.environ)
    env.update(OVERSIGHT_DATABASE_URL=url, OVERSIGHT_INSTANCE_PATH=str(tmp_path / "instance"),
               OVERSIGHT_SECRET_KEY=secret, OVERSIGHT_ENV="development", PYTHONPATH=str(ROOT))
    env.pop("OVERSIGHT_REDIS_URL", None)
    return env


class Serve:
    """`oversight serve` in a subprocess of its own session, stopped with SIGTERM."""

    def __init__(self, env: dict, workers: int = 2):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = Path(env["OVERSIGHT_INSTANCE_PATH"]) / f"serve-{self.port}.log"
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "dashboard.cli", "serve", "--port", str(self.port), "--workers", str(workers)],
            cwd=str(ROOT), env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for_port(self, timeout: float = 60.0) -> None:
        """Wait until the listening socket accepts a connection, sending no request: an HTTP request
        would itself warm a worker and hide the fault this module looks for."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.output()
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise AssertionError(f"the server did not listen within {timeout} s:\n{self.output()}")

    def wait_for(self, path: str, status: int, timeout: float = 30.0) -> requests.Response:
        deadline, last = time.monotonic() + timeout, None
        while time.monotonic() < deadline:
            try:
                last = requests.get(self.base + path, timeout=5)
                if last.status_code == status:
                    return last
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise AssertionError(f"{path} never answered {status} (last {last and last.status_code}):\n{self.output()}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)


@pytest.fixture
def first_page_urls(seeded_url, tmp_path):
    """What a browser fetches first: the index's component bundles, the layout, the callbacks, /login.

    The index is rendered by the same code in this process, so the server under test gets no request
    before the barrage.
    """
    app = create_app({"DATABASE_URL": seeded_url, "CACHE_TYPE": "NullCache", "SECRET_KEY": "x",
                      "CACHE_DIR": str(tmp_path / "cache")})
    html = app.server.test_client().get("/about").get_data(as_text=True)
    app.server.extensions["oversight_db"].dispose()
    bundles = sorted(set(BUNDLE.findall(html)))
    assert any("/dash/" in b for b in bundles) and len(bundles) >= 5, html[:500]
    return bundles + ["/_dash-layout", "/_dash-dependencies", "/login", "/about"]


def test_every_worker_serves_the_first_page_straight_after_start(seeded_url, tmp_path, first_page_urls):
    env = serve_env(tmp_path, seeded_url, secrets.token_hex(32))
    failures: list[str] = []
    for restart in range(RESTARTS):
        server = Serve(env)
        try:
            server.wait_for_port()
            start = threading.Barrier(CLIENTS)

            def client(n: int, start=start, server=server) -> list[tuple[str, int]]:
                session = requests.Session()
                start.wait()
                out = []
                for url in first_page_urls[n % len(first_page_urls):] + first_page_urls[:n % len(first_page_urls)]:
                    out.append((url, session.get(server.base + url, timeout=30).status_code))
                return out

            with ThreadPoolExecutor(CLIENTS) as pool:
                answers = [a for batch in pool.map(client, range(CLIENTS)) for a in batch]
            assert len(answers) == CLIENTS * len(first_page_urls)
            failures += [f"restart {restart + 1}: {url} answered {status}" for url, status in answers
                         if status != 200]
        finally:
            server.stop()
    assert not failures, "\n".join(failures[:20]) + "\n" + server.output()[-3000:]


def sign_in(base: str, username: str, password: str) -> requests.Session:
    session = requests.Session()
    form = session.get(base + "/login", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    resp = session.post(base + "/login", data={"username": username, "password": password, "csrf_token": token,
                                               "next": "/"}, allow_redirects=False, timeout=30)
    assert resp.status_code in (302, 303), resp.text[:300]
    return session


@pytest.mark.postgres
def test_serves_while_the_database_is_away_and_recovers_without_a_restart(postgres_url, tmp_path):
    db = Database(postgres_url)
    db.upgrade()
    add_user(db, "leader1", "leader", "a-long-test-password-1")
    db.dispose()
    url = make_url(postgres_url)
    proxy = Proxy((url.host, url.port or 5432))
    proxied = url.set(port=proxy.port).render_as_string(hide_password=False)
    server = Serve(serve_env(tmp_path, proxied, secrets.token_hex(32)), workers=1)
    try:
        # Started with the database away: alive, not ready, and it said so plainly.
        assert server.wait_for("/healthz", 200).json() == {"status": "ok"}
        not_ready = server.wait_for("/readyz", 503).json()
        assert not_ready["status"] == "unavailable" and "database unreachable" in not_ready["reason"]
        assert "unreachable just now" in server.output() and "Traceback" not in server.output()

        proxy.up()
        assert server.wait_for("/readyz", 200).json()["status"] == "ready"
        session = sign_in(server.base, "leader1", "a-long-test-password-1")
        assert session.get(server.base + "/", timeout=10).status_code == 200

        proxy.down()
        page = session.get(server.base + "/", headers={"Accept": "text/html"}, timeout=15)
        assert not page.history, [r.headers.get("Location") for r in page.history]
        assert page.status_code == 503 and page.headers["Content-Type"].startswith("text/html")
        assert "the service is unavailable" in page.text and "Traceback" not in page.text
        callback = session.post(server.base + "/_dash-update-component", json={}, timeout=15,
                                headers={"X-CSRFToken": session.cookies.get("_csrf_token", "")})
        assert callback.status_code == 503 and callback.json()["status"] == "unavailable"
        assert server.wait_for("/readyz", 503).json()["status"] == "unavailable"
        assert requests.get(server.base + "/healthz", timeout=5).status_code == 200

        proxy.up()
        server.wait_for("/readyz", 200)
        assert session.get(server.base + "/", timeout=10).status_code == 200
        assert server.proc.poll() is None
    finally:
        server.stop()
        proxy.down()
    assert "Traceback" not in server.output()
