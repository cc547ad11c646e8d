"""The sign-in fixtures (a seeded database with one user per role, a fresh app per test)."""
from auth_fixtures import auth_app, auth_client, auth_db_url, auth_template, make_app  # noqa: F401 - fixtures
