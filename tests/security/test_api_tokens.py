"""API tokens expire, can be listed and revoked, and die with a password reset or a disabled account."""
from __future__ import annotations

import datetime as dt

import pytest
from accounts import PASSWORD, csrf_from, login
from sqlalchemy import update

from dashboard import cli
from dashboard.config import ConfigError
from data_access.models import ApiToken
from data_access.users import (
    UserError,
    issue_token,
    list_tokens,
    revoke_tokens,
    set_active,
    set_password,
)

URL = "/api/v1/reviews"


def _status(app, token: str) -> int:
    return app.server.test_client().get(URL, headers={"Authorization": f"Bearer {token}"}).status_code


@pytest.fixture
def db(auth_app):
    return auth_app.server.extensions["oversight_db"]


def test_an_expired_token_is_refused(auth_app, db):
    token = issue_token(db, "t-inspector", days=1)
    assert _status(auth_app, token) == 200
    with db.session() as s:
        s.execute(update(ApiToken).values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
    assert _status(auth_app, token) == 401
    assert list_tokens(db, "t-inspector")[0].state() == "expired"


def test_a_token_lasts_the_days_it_was_issued_for(db):
    before = dt.datetime.now(dt.UTC)
    issue_token(db, "t-inspector", days=7)
    (info,) = list_tokens(db, "t-inspector")
    expires = info.expires_at if info.expires_at.tzinfo else info.expires_at.replace(tzinfo=dt.UTC)
    assert dt.timedelta(days=7) <= expires - before < dt.timedelta(days=7, minutes=1)
    with pytest.raises(UserError):
        issue_token(db, "t-inspector", days=0)


def test_revoking_one_token_leaves_the_others(auth_app, db):
    first, second = issue_token(db, "t-inspector"), issue_token(db, "t-inspector")
    ids = [t.id for t in list_tokens(db, "t-inspector")]
    assert revoke_tokens(db, "t-inspector", ids[0]) == 1
    assert (_status(auth_app, first), _status(auth_app, second)) == (401, 200)
    assert revoke_tokens(db, "t-inspector") == 1
    assert _status(auth_app, second) == 401
    assert [t.state() for t in list_tokens(db, "t-inspector")] == ["revoked", "revoked"]


def test_another_users_token_id_cannot_be_revoked_through_a_name(db):
    issue_token(db, "t-leader")
    (theirs,) = list_tokens(db, "t-leader")
    with pytest.raises(UserError, match="has no token"):
        revoke_tokens(db, "t-inspector", theirs.id)
    assert list_tokens(db, "t-leader")[0].state() == "active"


def test_an_admin_password_reset_revokes_tokens(auth_app, db):
    token = issue_token(db, "t-inspector")
    set_password(db, "t-inspector", "plum rainfall ledger 48")
    assert _status(auth_app, token) == 401
    assert _status(auth_app, issue_token(db, "t-inspector")) == 200  # a new one works


def test_changing_ones_own_password_revokes_tokens(auth_app, db):
    token = issue_token(db, "t-leader")
    client = auth_app.server.test_client()
    login(client, "t-leader")
    page = client.get("/account").get_data(as_text=True)
    resp = client.post("/account", data={"csrf_token": csrf_from(page), "current_password": PASSWORD,
                                         "new_password": "plum rainfall ledger 48",
                                         "confirm_password": "plum rainfall ledger 48"})
    assert resp.status_code == 200
    assert _status(auth_app, token) == 401


def test_disabling_revokes_and_enabling_does_not_restore(auth_app, db):
    token = issue_token(db, "t-inspector")
    set_active(db, "t-inspector", False)
    assert _status(auth_app, token) == 401
    set_active(db, "t-inspector", True)
    assert _status(auth_app, token) == 401
    assert list_tokens(db, "t-inspector")[0].state() == "revoked"


def test_a_bad_token_days_setting_stops_the_app(make_app):
    for bad in ("abc", "0", "-5", "99999"):
        with pytest.raises(ConfigError, match="OVERSIGHT_TOKEN_DAYS"):
            make_app(TOKEN_DAYS=bad)
    assert make_app(TOKEN_DAYS="30").server.config["TOKEN_DAYS"] == 30
    assert make_app().server.config["TOKEN_DAYS"] == 90


# -- the command line ---------------------------------------------------------------------------
@pytest.fixture
def oversight(auth_db_url, monkeypatch, capsys):
    monkeypatch.setenv("OVERSIGHT_DATABASE_URL", auth_db_url)

    def run(*argv: str) -> tuple[int, str, str]:
        code = cli.main(list(argv))
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def test_the_command_line_lists_and_revokes_tokens(oversight, monkeypatch):
    monkeypatch.setenv("OVERSIGHT_TOKEN_DAYS", "14")
    code, first, _ = oversight("users", "token", "T-Presenter")  # any spelling of the name
    assert code == 0 and first.strip().startswith("ro_")
    code, second, _ = oversight("users", "token", "t-presenter")
    code, listing, _ = oversight("users", "tokens", "t-presenter")
    assert code == 0
    assert first.strip() not in listing and second.strip() not in listing and "ro_" not in listing
    rows = [line.split() for line in listing.splitlines()[1:]]
    assert [r[1] for r in rows] == ["active", "active"]
    created = dt.datetime.now(dt.UTC).date()
    expires = created + dt.timedelta(days=14)
    assert f"{expires.day} {expires:%B %Y}" in listing and "never" in listing  # UK dates; not used yet

    token_id = rows[0][0]
    assert oversight("users", "revoke-token", "t-presenter", token_id)[0] == 0
    states = [line.split()[1] for line in oversight("users", "tokens", "t-presenter")[1].splitlines()[1:]]
    assert states == ["revoked", "active"]
    code, _, err = oversight("users", "revoke-token", "t-presenter", "99999")
    assert code == 1 and "has no token 99999" in err
    assert oversight("users", "revoke-token", "t-presenter")[0] == 0
    states = [line.split()[1] for line in oversight("users", "tokens", "t-presenter")[1].splitlines()[1:]]
    assert states == ["revoked", "revoked"]


def test_the_command_line_refuses_a_bad_token_days_setting(oversight, monkeypatch):
    monkeypatch.setenv("OVERSIGHT_TOKEN_DAYS", "ninety")
    code, out, err = oversight("users", "token", "t-presenter")
    assert code == 2 and out == "" and "OVERSIGHT_TOKEN_DAYS" in err  # a setting that is wrong: no token made
