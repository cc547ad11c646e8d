"""Shared fixtures: fresh databases (SQLite, and PostgreSQL where it runs), apps and clients.

PostgreSQL tests create and drop their own database, so runs never interfere. Without a
server they skip with the reason, except under CI=true, where they fail.
"""
from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text

from data_access.db import Database

IN_CI = os.environ.get("CI", "").lower() == "true"
PG_ADMIN_URL = os.environ.get("OVERSIGHT_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_TEST_URL = os.environ.get("OVERSIGHT_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def unavailable(reason: str):
    """Skip with the reason on a developer's machine; fail in CI, where every service must run."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: this test must run, not skip)")
    pytest.skip(reason)


def _pg_admin_engine():
    return create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})


@pytest.fixture
def postgres_url():
    """A new, empty PostgreSQL database for one test, dropped afterwards."""
    try:
        admin = _pg_admin_engine()
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001
        unavailable(f"PostgreSQL is not reachable at {PG_ADMIN_URL}: {type(exc).__name__}")
    name = f"oversight_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'oversight.sqlite3'}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_url(request):
    """A fresh database URL on each engine the product supports."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def empty_db(any_url):
    db = Database(any_url)
    yield db
    db.dispose()


@pytest.fixture
def migrated_db(empty_db):
    empty_db.upgrade()
    return empty_db


@pytest.fixture(scope="session")
def _seeded_template(tmp_path_factory):
    """One seeded SQLite file per test session; tests copy it rather than seeding again."""
    from seed_data.load import seed

    path = tmp_path_factory.mktemp("template") / "seeded.sqlite3"
    db = Database(f"sqlite:///{path}")
    db.upgrade()
    seed(db)
    db.dispose()
    return path


@pytest.fixture
def seeded_url(tmp_path, _seeded_template):
    import shutil

    target = tmp_path / "seeded.sqlite3"
    shutil.copy(_seeded_template, target)
    return f"sqlite:///{target}"


@pytest.fixture
def seeded_db(seeded_url):
    db = Database(seeded_url)
    yield db
    db.dispose()


@pytest.fixture
def app(seeded_url, tmp_path):
    from dashboard import create_app

    app = create_app({"DATABASE_URL": seeded_url, "CACHE_TYPE": "NullCache", "TESTING": True,
                      "SECRET_KEY": "test-secret", "CACHE_DIR": str(tmp_path / "cache")})
    yield app
    app.server.extensions["oversight_db"].dispose()


@pytest.fixture
def client(app):
    return app.server.test_client()


PASSWORD = "a-long-test-password-1"


@pytest.fixture
def sign_in(app, client, seeded_db):
    """sign_in(role, la=None): make a user of that role, sign the test client in, send CSRF headers."""
    from data_access.users import add_user

    made: set[str] = set()

    def _sign_in(role: str = "inspector", la: str | None = None):
        name = f"{role}-{la or 'all'}".lower()
        if name not in made:
            add_user(seeded_db, name, role, PASSWORD, la)
            made.add(name)
        client.get("/login")
        resp = client.post("/login", data={"username": name, "password": PASSWORD,
                                           "csrf_token": _csrf_from(client), "next": "/"})
        assert resp.status_code in (302, 303), resp.get_data(as_text=True)[:300]
        client.environ_base["HTTP_X_CSRFTOKEN"] = _csrf_from(client)
        return client

    return _sign_in


@pytest.fixture
def signed_in_client(sign_in):
    """The test client signed in as an inspector."""
    return sign_in("inspector")


def _csrf_from(client) -> str:
    cookie = client.get_cookie("_csrf_token")
    if cookie is not None:
        return cookie.value
    with client.session_transaction() as sess:
        return sess.get("csrf", "")
