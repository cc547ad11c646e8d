"""Production tells browsers to keep to HTTPS, and the server does not say what it runs on."""
from __future__ import annotations

import socket
import subprocess
import time
import urllib.request

from accounts import PRODUCTION_SECRET
from gunicorn.http import wsgi

from dashboard.serving import gunicorn_command, hide_server_banner


def test_production_sends_hsts_with_max_age_only(make_app, monkeypatch):
    monkeypatch.setenv("OVERSIGHT_ENV", "production")
    monkeypatch.setenv("OVERSIGHT_SECRET_KEY", PRODUCTION_SECRET)
    client = make_app(ENV="production", SECRET_KEY=PRODUCTION_SECRET).server.test_client()
    for path in ("/login", "/healthz", "/", "/api/v1/reviews"):
        assert client.get(path).headers.get("Strict-Transport-Security") == "max-age=31536000", path


def test_development_sends_no_hsts(auth_client):
    """Over plain HTTP on a developer's machine HSTS would only get in the way."""
    assert "Strict-Transport-Security" not in auth_client.get("/login").headers


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_real_server_sends_no_server_banner(tmp_path, monkeypatch):
    monkeypatch.setenv("OVERSIGHT_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("OVERSIGHT_ENV", raising=False)
    monkeypatch.delenv("OVERSIGHT_DATABASE_URL", raising=False)
    monkeypatch.delenv("OVERSIGHT_REDIS_URL", raising=False)
    port = _free_port()
    cmd = gunicorn_command(f"127.0.0.1:{port}", 1, 2, access_log=str(tmp_path / "access.log"),
                           error_log=str(tmp_path / "error.log"))
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline, resp = time.monotonic() + 60, None
        while resp is None and time.monotonic() < deadline and server.poll() is None:
            try:
                resp = urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            except OSError:
                time.sleep(0.2)
        assert resp is not None, (tmp_path / "error.log").read_text()
        assert resp.status == 200
        assert "Server" not in resp.headers, resp.headers.get("Server")
    finally:
        server.terminate()
        server.wait(15)


def test_hiding_the_banner_twice_changes_nothing():
    hide_server_banner()
    once = wsgi.Response.default_headers
    hide_server_banner()
    assert wsgi.Response.default_headers is once
