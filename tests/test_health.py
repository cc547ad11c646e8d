"""Liveness and readiness."""
import socket

import pytest

from dashboard import create_app
from dashboard.settings import ConfigError


def test_healthz_and_readyz_when_the_database_is_up(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.get_json()["status"] == "ready"


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_readyz_is_503_with_a_reason_when_the_database_is_unreachable(tmp_path):
    url = f"postgresql+psycopg://postgres@127.0.0.1:{_closed_port()}/nothing"
    app = create_app({"DATABASE_URL": url, "CACHE_TYPE": "NullCache", "CACHE_DIR": str(tmp_path)})
    client = app.server.test_client()
    assert client.get("/healthz").status_code == 200
    resp = client.get("/readyz")
    assert resp.status_code == 503
    body = resp.get_json()
    assert body["status"] == "unavailable" and "database unreachable" in body["reason"]
    assert "Traceback" not in resp.get_data(as_text=True)


def test_as_of_setting_moves_today_and_a_bad_one_stops_the_app_with_a_reason(monkeypatch, seeded_url, tmp_path):
    import pytest

    from dashboard.config import ConfigError

    monkeypatch.setenv("OVERSIGHT_AS_OF", "2025-03-20")
    app = create_app({"DATABASE_URL": seeded_url, "CACHE_TYPE": "NullCache", "CACHE_DIR": str(tmp_path)})
    with app.server.test_request_context("/"):
        from dashboard.context import as_of

        assert as_of() == (__import__("datetime").date(2025, 3, 20), True)
    monkeypatch.setenv("OVERSIGHT_AS_OF", "20/03/2025")
    with pytest.raises(ConfigError, match="OVERSIGHT_AS_OF"):
        create_app({"DATABASE_URL": seeded_url, "CACHE_TYPE": "NullCache", "CACHE_DIR": str(tmp_path)})


def test_every_response_carries_a_strict_content_security_policy(client):
    for path in ("/login", "/healthz", "/about"):
        policy = client.get(path).headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "unsafe-eval" not in policy and "http" not in policy
        script = next(p for p in policy.split("; ") if p.startswith("script-src"))
        assert "'unsafe-inline'" not in script and "'sha256-" in script


@pytest.mark.parametrize("name,value", [("OVERSIGHT_MAX_UPLOAD_MB", "lots"), ("OVERSIGHT_MAX_UPLOAD_MB", "-1"),
                                        ("OVERSIGHT_SDC_K", "1"), ("OVERSIGHT_SDC_K", "five"),
                                        ("OVERSIGHT_ENV", "staging"), ("OVERSIGHT_TOKEN_DAYS", "0"),
                                        ("OVERSIGHT_SESSION_IDLE_MINUTES", "soon")])
def test_a_malformed_setting_stops_start_up_naming_the_variable(monkeypatch, tmp_path, name, value):
    from dashboard import create_app
    from dashboard.settings import load

    monkeypatch.setenv("OVERSIGHT_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=name):
        load()
    with pytest.raises(ConfigError, match=name):
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"})


def test_settings_defaults_and_values_are_typed(monkeypatch):
    from dashboard.settings import load

    settings = load({"OVERSIGHT_SDC_K": "7", "OVERSIGHT_AS_OF": "2024-10-01", "OVERSIGHT_MAX_UPLOAD_MB": "2.5"})
    assert (settings.sdc_k, settings.as_of.isoformat(), settings.max_upload_bytes) == (7, "2024-10-01", 2621440)
    defaults = load({})
    assert (defaults.env, defaults.sdc_k, defaults.token_days, defaults.max_upload_mb) == ("development", 5, 90, 20)
