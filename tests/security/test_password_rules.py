"""Weak passwords are refused wherever a password is set: a new user, one's own change, the command line."""
from __future__ import annotations

import io
import secrets
import sys
import time

import pytest
from accounts import PASSWORD, csrf_from, login

from dashboard import cli
from data_access.users import UserError, add_user, password_problem, set_password

WEAK = {
    "aaaaaaaaaaaa": "too easy to guess",
    "password1234": "too easy to guess",
    " " * 12: "only spaces",
    "\t \u3000" * 4: "only spaces",
    "short pass": "at least 12 characters",
    "qwertyuiop12": "too easy to guess",
    "Password1234!": "too easy to guess",
    "x" * 1025: "at most 1024",
}


@pytest.mark.parametrize("password,why", list(WEAK.items()), ids=list(range(len(WEAK))))
def test_weak_passwords_are_refused_for_a_new_user(auth_app, password, why):
    with pytest.raises(UserError, match=why):
        add_user(auth_app.server.extensions["oversight_db"], "newcomer", "leader", password)


@pytest.mark.parametrize("password", ["lucy.mcallister", "LUCY.MCALLISTER", "my lucy.mcallister pw",
                                      "ＬＵＣＹ.ＭＣＡＬＬＩＳＴＥＲ"])
def test_the_user_name_is_not_a_password(auth_app, password):
    with pytest.raises(UserError, match="must not contain the username"):
        add_user(auth_app.server.extensions["oversight_db"], "lucy.mcallister", "leader", password)


def test_a_strong_password_is_accepted_and_signs_in(auth_app):
    add_user(auth_app.server.extensions["oversight_db"], "newcomer", "leader", "plum rainfall ledger 48")
    assert login(auth_app.server.test_client(), "newcomer", "plum rainfall ledger 48").status_code == 302


def test_a_reset_to_a_weak_password_is_refused(auth_app):
    db = auth_app.server.extensions["oversight_db"]
    with pytest.raises(UserError, match="too easy to guess"):
        set_password(db, "t-leader", "password1234")
    with pytest.raises(UserError, match="must not contain the username"):
        set_password(db, "t-leader", "t-leader t-leader")
    assert login(auth_app.server.test_client(), "t-leader").status_code == 302  # the old one still works


@pytest.mark.parametrize("weak", ["aaaaaaaaaaaa", "password1234", " " * 12, "t-leader-123456"])
def test_own_change_to_a_weak_password_is_refused(auth_app, weak):
    client = auth_app.server.test_client()
    login(client, "t-leader")
    page = client.get("/account").get_data(as_text=True)
    resp = client.post("/account", data={"csrf_token": csrf_from(page), "current_password": PASSWORD,
                                         "new_password": weak, "confirm_password": weak})
    assert resp.status_code == 400
    assert "Not changed:" in resp.get_data(as_text=True)
    assert login(auth_app.server.test_client(), "t-leader", weak).status_code == 401
    assert login(auth_app.server.test_client(), "t-leader").status_code == 302


def test_the_command_line_refuses_a_weak_password(auth_db_url, monkeypatch, capsys):
    monkeypatch.setenv("OVERSIGHT_DATABASE_URL", auth_db_url)
    monkeypatch.setattr(sys, "stdin", io.StringIO("password1234\n"))
    assert cli.main(["users", "add", "newcomer", "--role", "leader", "--password-stdin"]) == 1
    assert "Not added: that password is too easy to guess" in capsys.readouterr().err


def test_strength_is_judged_on_a_bounded_prefix():
    """zxcvbn's work grows fast with length; a long password must not cost the server seconds."""
    started = time.perf_counter()
    assert password_problem(secrets.token_urlsafe(750)) is None  # 1000 characters: judged on its first 72
    assert "too easy to guess" in password_problem("a" * 1000)
    assert time.perf_counter() - started < 2.0
