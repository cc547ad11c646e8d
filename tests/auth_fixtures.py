"""Fixtures for sign-in and role tests: a seeded database with one user per role, a fresh app per
test, and helpers that sign in and send requests the way a browser (or an attacker) would.

Import what a test module needs: `from auth_fixtures import *` (fixtures and helpers).
"""
from __future__ import annotations

import re
import shutil

import pytest

from data_access.db import Database
from data_access.reference import AUTHORITIES

EDINBURGH = "S12000036"
PASSWORD = "correct horse battery"
ROLE_USERS = {
    "admin": ("t-admin", None),
    "leader": ("t-leader", None),
    "inspector": ("t-inspector", None),
    "coordinator": ("t-coordinator", EDINBURGH),
    "presenter": ("t-presenter", None),
}
ALL_NAMES = [a.name for a in AUTHORITIES]
ALL_CODES = [a.gss_code for a in AUTHORITIES]
OTHER_CODE = "S12000049"  # Glasgow City
# A key production accepts (64 hex digits: 32 bytes); the test apps' own key is deliberately weak.
PRODUCTION_SECRET = "5f0c3e9a8b7d41e2a6c93f18d2e7b4a05c6d8e1f2a3b4c5d6e7f8091a2b3c4d5"


def identifying_strings(role: str) -> list[str]:
    """Names and codes that must not appear in a response to this role."""
    if role == "presenter":
        return ALL_NAMES + ALL_CODES
    if role == "coordinator":
        return [a.name for a in AUTHORITIES if a.gss_code != EDINBURGH] + [c for c in ALL_CODES if c != EDINBURGH]
    return []


def leaks(text: str, role: str) -> list[str]:
    return [s for s in identifying_strings(role) if s in text]


@pytest.fixture(scope="session")
def auth_template(tmp_path_factory):
    """One seeded SQLite file with a user per role, made once; each test gets a copy."""
    from data_access.users import add_user
    from seed_data.load import seed

    path = tmp_path_factory.mktemp("auth") / "seeded.sqlite3"
    db = Database(f"sqlite:///{path}")
    db.upgrade()
    seed(db)
    for role, (name, la) in ROLE_USERS.items():
        add_user(db, name, role, PASSWORD, la)
    db.dispose()
    return path


@pytest.fixture
def auth_db_url(tmp_path, auth_template):
    target = tmp_path / "t.sqlite3"
    shutil.copy(auth_template, target)
    return f"sqlite:///{target}"


@pytest.fixture
def make_app(auth_db_url, tmp_path, monkeypatch):
    """Build a fresh app on this test's database; extra settings override the defaults."""
    from dashboard import create_app

    monkeypatch.delenv("OVERSIGHT_REDIS_URL", raising=False)
    monkeypatch.delenv("OVERSIGHT_ENV", raising=False)
    apps = []

    def build(**settings):
        config = {"DATABASE_URL": auth_db_url, "CACHE_TYPE": "NullCache", "TESTING": True,
                  "SECRET_KEY": "test-secret-key", "CACHE_DIR": str(tmp_path / "cache"), "REDIS_URL": None}
        config.update(settings)
        app = create_app(config)
        apps.append(app)
        return app

    yield build
    for app in apps:
        app.server.extensions["oversight_db"].dispose()


@pytest.fixture
def auth_app(make_app):
    return make_app()


@pytest.fixture
def auth_client(auth_app):
    return auth_app.server.test_client()


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF field in the form"
    return match.group(1)


def login(client, username: str, password: str = PASSWORD, next_url: str | None = None):
    page = client.get("/login")
    data = {"username": username, "password": password, "csrf_token": csrf_from(page.get_data(as_text=True))}
    if next_url:
        data["next"] = next_url
    return client.post("/login", data=data)


def login_as(client, role: str):
    resp = login(client, ROLE_USERS[role][0])
    assert resp.status_code == 302, resp.status_code
    return resp


def csrf_header(client) -> dict:
    cookie = client.get_cookie("_csrf_token")
    assert cookie is not None, "no CSRF cookie set"
    return {"X-CSRFToken": cookie.value}
