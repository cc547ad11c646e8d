"""Every spelling of a user name is one account: for the throttle, the look-up and creation."""
from __future__ import annotations

import uuid

import pytest
import redis
from accounts import PASSWORD, login
from services import REDIS_TEST_URL, unavailable
from sqlalchemy import select

from data_access.models import LoginAttempt, User
from data_access.users import UserError, add_user, username_key

# Padded, tabbed, other cases, full-width letters (U+FF41...) and an ideographic space: all "t-leader".
VARIANTS = ["t-leader", "  t-leader", "t-leader\t", "\tT-Leader  ", "T-LEADER", "ｔ－ｌｅａｄｅｒ",
            "Ｔ-ＬＥＡＤＥＲ\u3000", "\u2003t-leader\u00a0"]


def _client_at(app, address: str):
    client = app.server.test_client()
    client.environ_base["REMOTE_ADDR"] = address  # another machine, as far as the server can tell
    return client


@pytest.mark.parametrize("spelling", VARIANTS)
def test_each_spelling_finds_the_one_account(auth_app, spelling):
    assert login(_client_at(auth_app, "127.0.0.20"), spelling).status_code == 302


@pytest.fixture(params=["database", pytest.param("redis", marks=pytest.mark.redis)])
def counting_app(request, make_app):
    """An app counting failed sign-ins in the database, or in Redis."""
    if request.param == "database":
        return make_app()
    try:
        redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=0.5).ping()
    except Exception as exc:
        unavailable(f"Redis is not reachable at {REDIS_TEST_URL}: {type(exc).__name__}")
    app = make_app(REDIS_URL=REDIS_TEST_URL)
    redis.Redis.from_url(REDIS_TEST_URL).delete("oversight:login-failed:user:t-leader")
    return app


def test_throttle_holds_across_spellings_and_addresses(counting_app):
    """Five wrong guesses, each under another spelling from another address, lock the account:
    the right password is then refused under every spelling, from every address."""
    guesses = [login(_client_at(counting_app, f"127.0.0.{10 + i}"), spelling, f"wrong guess {i}").status_code
               for i, spelling in enumerate(VARIANTS[1:6])]
    assert guesses == [401] * 5
    for i, spelling in enumerate(VARIANTS):
        resp = login(_client_at(counting_app, f"127.0.1.{i + 1}"), spelling, PASSWORD)
        assert resp.status_code == 429, (spelling, resp.status_code)


def test_failures_are_counted_under_the_normalised_name(auth_app):
    for i, spelling in enumerate(VARIANTS[:4]):
        login(_client_at(auth_app, f"127.0.2.{i + 1}"), spelling, "a wrong password")
    with auth_app.server.extensions["oversight_db"].reader() as s:
        names = set(s.execute(select(LoginAttempt.username)).scalars())
    assert names == {"t-leader"}


def test_an_over_long_name_is_refused_not_cut(auth_app):
    """Cutting a name to the column's length once let a longer spelling sign in as the account."""
    db = auth_app.server.extensions["oversight_db"]
    add_user(db, "a" * 80, "inspector", PASSWORD)
    assert login(_client_at(auth_app, "127.0.3.1"), "a" * 80, PASSWORD).status_code == 302
    for longer in ("a" * 81, "a" * 80 + "-someone-else", "a" * 400, "a" * 5000):
        resp = login(_client_at(auth_app, "127.0.3.2"), longer, PASSWORD)
        assert resp.status_code in (401, 429), resp.status_code


def test_names_are_created_in_their_one_form(auth_app):
    db = auth_app.server.extensions["oversight_db"]
    add_user(db, "  ＡＬＩＣＥ.Smith_2\t", "inspector", PASSWORD)
    with db.reader() as s:
        assert s.execute(select(User.username, User.username_key).where(User.username_key == "alice.smith_2")).one() \
            == ("alice.smith_2", "alice.smith_2")
    for clash in ("alice.smith_2", "ALICE.SMITH_2", " Alice.Smith_2 ", "ａｌｉｃｅ.ｓｍｉｔｈ_2"):
        with pytest.raises(UserError, match="already exists"):
            add_user(db, clash, "inspector", PASSWORD)


@pytest.mark.parametrize("name", ["ali ce", "alice@example", "\u0430lice", "alice\u200b", "al/ice", "<alice>"])
def test_names_outside_the_safe_set_are_refused_with_the_rule(auth_app, name):
    """Cyrillic 'а' (U+0430), a zero-width space, spaces and punctuation: look-alikes and tricks."""
    with pytest.raises(UserError, match=r"only the letters a to z, the digits 0 to 9, full stop \(\.\), "
                                        r"underscore \(_\) and hyphen \(-\)"):
        add_user(auth_app.server.extensions["oversight_db"], name, "inspector", PASSWORD)


@pytest.mark.parametrize("name", ["", "   ", "\t\u3000"])
def test_blank_names_are_refused(auth_app, name):
    with pytest.raises(UserError, match="1 to 80 characters"):
        add_user(auth_app.server.extensions["oversight_db"], name, "inspector", PASSWORD)


def test_an_over_long_name_is_never_shortened():
    assert username_key(" " + "b" * 80 + " ") == "b" * 80
    for name in ("b" * 81, "ﷺ" * 5):  # one Arabic ligature becomes 18 letters under NFKC
        with pytest.raises(UserError, match="at most 80"):
            username_key(name)
    with pytest.raises(UserError, match="at most 80"):
        add_user(None, "b" * 81, "inspector", PASSWORD)


def test_random_names_do_not_collide_by_accident(auth_app):
    db = auth_app.server.extensions["oversight_db"]
    names = [f"user-{uuid.uuid4().hex[:8]}" for _ in range(3)]
    for name in names:
        add_user(db, name, "leader", PASSWORD)
    assert all(login(_client_at(auth_app, "127.0.4.1"), n.upper()).status_code == 302 for n in names)
