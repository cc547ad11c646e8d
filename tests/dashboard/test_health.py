"""Liveness and readiness."""
import shutil
import socket

import pytest
from services import ROOT

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


def test_pages_say_the_service_is_unavailable_until_the_database_returns(tmp_path, seeded_url):
    """A database file that is not there yet (a volume not mounted): 503s that say so, then recovery
    with no restart once it appears."""
    home = tmp_path / "not-mounted-yet"
    app = create_app({"DATABASE_URL": f"sqlite:///{home / 'oversight.sqlite3'}", "CACHE_TYPE": "NullCache",
                      "CACHE_DIR": str(tmp_path / "cache"), "SECRET_KEY": "s"})
    client = app.server.test_client()
    client.get("/login")
    csrf = client.get_cookie("_csrf_token").value
    form = {"username": "nobody", "password": "a-long-test-password-1", "csrf_token": csrf, "next": "/"}
    page = client.post("/login", data=form, headers={"Accept": "text/html"})
    body = page.get_data(as_text=True)
    assert page.status_code == 503 and page.mimetype == "text/html" and page.headers["Retry-After"]
    assert "the service is unavailable" in body and "Traceback" not in body and "sqlite" not in body.lower()
    api = client.get("/api/v1/reviews", headers={"Accept": "application/json"})
    assert api.status_code in (401, 503) and "Traceback" not in api.get_data(as_text=True)
    assert client.get("/readyz").status_code == 503 and client.get("/healthz").status_code == 200

    home.mkdir()
    shutil.copy(seeded_url.removeprefix("sqlite:///"), home / "oversight.sqlite3")
    assert client.get("/readyz").get_json()["status"] == "ready"
    assert client.post("/login", data=form).status_code not in (500, 503)


def test_readyz_names_a_missing_schema(tmp_path):
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}", "CACHE_TYPE": "NullCache",
                      "CACHE_DIR": str(tmp_path / "cache")})
    resp = app.server.test_client().get("/readyz")
    assert resp.status_code == 503 and "schema missing or behind" in resp.get_json()["reason"]


def test_bootstraps_css_comes_from_the_installed_wheel_at_the_same_address(client):
    css = client.get("/vendor/bootstrap/css/bootstrap.min.css")
    assert css.status_code == 200 and css.mimetype == "text/css"
    assert b"Bootstrap  v5.3.8" in css.data[:200]
    assert client.get("/vendor/bootstrap/css/bootstrap.min.css.map").status_code == 200
    assert client.get("/vendor/bootstrap/js/bootstrap.bundle.min.js").status_code == 404
    assert client.get("/vendor/bootstrap/../__init__.py").status_code == 404


def test_only_the_settings_module_reads_the_environment():
    import ast

    root = ROOT
    readers = []
    for package in ("dashboard", "data_access", "seed_data"):
        for path in (root / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv") and \
                        isinstance(node.value, ast.Name) and node.value.id == "os":
                    readers.append(str(path.relative_to(root)))
    assert sorted(set(readers)) == ["dashboard/settings.py"]
