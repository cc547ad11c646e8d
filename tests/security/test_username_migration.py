"""Migration 0002 will not upgrade while two existing accounts' names become one when normalised."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from sqlalchemy import text

from data_access.users import account_by_name

NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


def _add(conn, user_id: int, name: str) -> None:
    conn.execute(text("INSERT INTO app_user (id, username, role, active, is_demo, session_generation, created_at) "
                      "VALUES (:id, :name, 'inspector', :yes, :no, 0, :at)"),
                 {"id": user_id, "name": name, "yes": True, "no": False, "at": NOW})


def _revision(db) -> str:
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()


def test_colliding_names_stop_the_upgrade_until_resolved(empty_db):
    empty_db.upgrade("0001")
    with empty_db.engine.begin() as conn:
        for user_id, name in enumerate(["Alice", "alice ", "ＡＬＩＣＥ", "bob", "Carol", "\tcarol", "Dave.Jones"], 1):
            _add(conn, user_id, name)
        conn.execute(text("INSERT INTO api_token (id, user_id, token_hash, created_at) VALUES (1, 4, 'x', :at)"),
                     {"at": NOW})

    with pytest.raises(RuntimeError) as refused:
        empty_db.upgrade()
    message = str(refused.value)
    assert message.startswith("Not upgraded:")
    for listed in ("'Alice' (id 1)", "'alice ' (id 2)", "'ＡＬＩＣＥ' (id 3)", "'Carol' (id 5)", "'\\tcarol' (id 6)"):
        assert listed in message
    assert "bob" not in message and "Dave" not in message
    assert "oversight init-db" in message
    assert _revision(empty_db) == "0001"  # nothing changed

    # The command says the same plainly, with no traceback, and exits 1.
    run = subprocess.run([sys.executable, "-m", "dashboard.cli", "init-db"], capture_output=True, text=True,
                         env={**os.environ, "OVERSIGHT_DATABASE_URL": str(empty_db.engine.url)}, timeout=120)
    assert run.returncode == 1 and "Not upgraded:" in run.stderr and "Traceback" not in run.stderr + run.stdout

    with empty_db.engine.begin() as conn:  # the administrator resolves them
        conn.execute(text("DELETE FROM app_user WHERE id IN (2, 3)"))
        conn.execute(text("UPDATE app_user SET username = 'carol-2' WHERE id = 6"))
    empty_db.upgrade()
    assert _revision(empty_db) != "0001"
    with empty_db.engine.connect() as conn:
        keys = dict(conn.execute(text("SELECT username, username_key FROM app_user")).all())
        expires = conn.execute(text("SELECT expires_at FROM api_token WHERE id = 1")).scalar_one()
    assert keys == {"Alice": "alice", "bob": "bob", "Carol": "carol", "carol-2": "carol-2",
                    "Dave.Jones": "dave.jones"}
    # A token from before expiry existed lasts the default 90 days from its creation.
    if isinstance(expires, str):
        expires = dt.datetime.fromisoformat(expires)
    assert expires.replace(tzinfo=None) == (NOW + dt.timedelta(days=90)).replace(tzinfo=None)


def test_legacy_spellings_sign_in_after_the_upgrade(empty_db):
    empty_db.upgrade("0001")
    with empty_db.engine.begin() as conn:
        _add(conn, 1, "Jane Smith")  # made before names were limited to a safe set
    empty_db.upgrade()
    assert account_by_name(empty_db, "  JANE SMITH ").username == "Jane Smith"
