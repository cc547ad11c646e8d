"""Shared fixtures: fresh databases (SQLite, and PostgreSQL where it runs), apps and clients.

PostgreSQL tests create and drop their own database, so runs never interfere. Without a
server they skip with the reason, except under CI=true, where they fail.
"""
from __future__ import annotations

import shutil
import threading
import uuid

import accounts
import pytest
from browser import browser_support
from services import PG_ADMIN_URL, unavailable
from sqlalchemy import create_engine, text
from werkzeug.serving import make_server

from dashboard import create_app
from data_access.db import Database
from data_access.users import add_user
from seed_data.load import seed


def _pg_admin_engine():
    return create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})


@pytest.fixture
def postgres_url():
    """A new, empty PostgreSQL database for one test, dropped afterwards."""
    try:
        admin = _pg_admin_engine()
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
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
    path = tmp_path_factory.mktemp("template") / "seeded.sqlite3"
    db = Database(f"sqlite:///{path}")
    db.upgrade()
    seed(db)
    db.dispose()
    return path


@pytest.fixture
def seeded_url(tmp_path, _seeded_template):
    target = tmp_path / "seeded.sqlite3"
    shutil.copy(_seeded_template, target)
    return f"sqlite:///{target}"


@pytest.fixture
def seeded_db(seeded_url):
    db = Database(seeded_url)
    yield db
    db.dispose()


def _seeded_app(seeded_url, tmp_path, cache_type: str):
    app = create_app({"DATABASE_URL": seeded_url, "CACHE_TYPE": cache_type, "TESTING": True,
                      "SECRET_KEY": "test-secret", "CACHE_DIR": str(tmp_path / "cache")})
    yield app
    app.server.extensions["oversight_db"].dispose()


@pytest.fixture
def app(seeded_url, tmp_path):
    yield from _seeded_app(seeded_url, tmp_path, "NullCache")


@pytest.fixture
def file_cache_app(seeded_url, tmp_path):
    """A real (file-system) cache: what is held between requests (an upload between its check and its
    commit) is really held."""
    yield from _seeded_app(seeded_url, tmp_path, "FileSystemCache")


@pytest.fixture
def client(app):
    return app.server.test_client()




@pytest.fixture
def sign_in(app, client, seeded_db):
    """sign_in(role, la=None): make a user of that role, sign the test client in, send CSRF headers."""
    made: set[str] = set()

    def _sign_in(role: str = "inspector", la: str | None = None):
        name = f"{role}-{la or 'all'}".lower()
        if name not in made:
            add_user(seeded_db, name, role, accounts.SIGN_IN_PASSWORD, la)
            made.add(name)
        client.get("/login")
        resp = client.post("/login", data={"username": name, "password": accounts.SIGN_IN_PASSWORD,
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


# -- one user per role, on a seeded database copied for each test --------------------------------------
@pytest.fixture(scope="session")
def auth_template(tmp_path_factory, _seeded_template):
    """The seeded template plus a user per role, made once; each test gets a copy."""
    path = tmp_path_factory.mktemp("auth") / "seeded.sqlite3"
    shutil.copy(_seeded_template, path)
    db = Database(f"sqlite:///{path}")
    for role, (name, la) in accounts.ROLE_USERS.items():
        add_user(db, name, role, accounts.PASSWORD, la)
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


# -- the import tests: a seeded database they may write to ---------------------------------------
@pytest.fixture
def import_db_url(tmp_path):
    """The database URL the import tests run on. Parametrize this fixture (for example from
    conftest's `any_url`) to run the same tests on PostgreSQL."""
    return f"sqlite:///{tmp_path}/t.sqlite3"


@pytest.fixture
def db(import_db_url):
    database = Database(import_db_url)
    database.upgrade()
    seed(database)
    yield database
    database.dispose()


# -- the browser tests: the app on a free loopback port, and a signed-in Chromium page ------------
@pytest.fixture
def live_app(seeded_url, tmp_path):
    """The dashboard served from a thread on a free port."""
    app = create_app({"DATABASE_URL": seeded_url, "CACHE_TYPE": "NullCache", "SECRET_KEY": "browser-test",
                      "CACHE_DIR": str(tmp_path / "cache")})
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield app, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        app.server.extensions["oversight_db"].dispose()


@pytest.fixture
def browser_page(live_app):
    """A signed-in page (through the real /login form when the app has one) and its problem log."""
    # Imported here: only the browser tests need Playwright, and it is slow to import.
    from playwright.sync_api import sync_playwright

    app, base = live_app
    executable = browser_support.chromium_or_skip()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=browser_support.CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB")
            page = context.new_page()
            page.set_default_timeout(20_000)
            if "/login" in {r.rule for r in app.server.url_map.iter_rules()}:
                add_user(app.server.extensions["oversight_db"], browser_support.USERNAME, browser_support.ROLE,
                         browser_support.PASSWORD)
                page.goto(f"{base}/login")
                page.fill("input[name=username]", browser_support.USERNAME)
                page.fill("input[name=password]", browser_support.PASSWORD)
                page.click("button[type=submit]")
                page.wait_for_load_state("networkidle")
            problems = browser_support.PageProblems(page)
            yield page, base, problems
        finally:
            browser.close()
