"""Backup and restore of the embedded SQLite database (`oversight backup PATH`, `oversight restore PATH`):
an online, consistent copy; a restore that brings back exactly what was copied, raises the data
version above any seen and clears the cache; plain refusals for PostgreSQL and for any file that is
not one of this service's databases, with the live database untouched."""
from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from import_corpus.support import table_checksums
from production.support import PrivateRedis
from sqlalchemy import text

from dashboard.cli import main
from data_access import queries
from data_access.backup import BackupRefused, backup, restore
from data_access.db import Database, bump_data_version
from data_access.scope import Scope

GOV = "social-work-governance"


def _change_review_data(db: Database) -> int:
    """An edit to review data, as an import makes it: a value changed and the data version bumped."""
    with db.session() as s:
        s.execute(text("UPDATE survey_eligible SET eligible = eligible + 7"))
        return bump_data_version(s)


def test_a_restore_brings_back_exactly_what_was_backed_up_with_a_higher_data_version(seeded_db, tmp_path):
    copied = table_checksums(seeded_db)
    made = backup(seeded_db, tmp_path / "nightly.sqlite3")
    assert made.path.is_file() and made.data_version == seeded_db.data_version()
    assert not Path(f"{made.path}-wal").exists()  # one self-contained file

    _change_review_data(seeded_db)
    latest = _change_review_data(seeded_db)
    assert table_checksums(seeded_db) != copied

    done = restore(seeded_db, made.path)
    assert table_checksums(seeded_db) == copied
    assert done.data_version == seeded_db.data_version() == latest + 1 > made.data_version
    assert done.kept is not None and done.kept.is_file() and done.kept != made.path
    assert not done.schema_behind
    assert "data version" in done.message and str(done.kept) in done.message


def test_a_backup_is_a_consistent_snapshot_taken_while_a_write_is_open(seeded_db, tmp_path):
    """Online: a writer holding an open transaction neither blocks the copy nor leaks into it."""
    committed = seeded_db.data_version()
    live = seeded_db.engine.url.database
    with closing(sqlite3.connect(live, timeout=10)) as writer:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE dataset_meta SET data_version = 999999 WHERE id = 1")
        made = backup(seeded_db, tmp_path / "during-write.sqlite3")
        writer.rollback()
    assert made.data_version == committed != 999999
    with closing(sqlite3.connect(made.path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_restore_clears_the_disk_cache_and_the_redis_cache_but_not_the_sign_in_throttle(seeded_url, seeded_db,
                                                                                           tmp_path):
    from dashboard import create_app  # the app only to fill a real on-disk cache the way pages do

    made = backup(seeded_db, tmp_path / "b.sqlite3")
    cache_dir = tmp_path / "cache"
    app = create_app({"DATABASE_URL": seeded_url, "CACHE_TYPE": "FileSystemCache", "CACHE_DIR": str(cache_dir),
                      "SECRET_KEY": "test-secret", "TESTING": True})
    with app.server.test_request_context("/"):
        queries.authority_progress(app.server.extensions["oversight_db"], Scope("inspector"), GOV,
                                   as_of=dt.date(2024, 10, 1))
    app.server.extensions["oversight_db"].dispose()
    assert any(p.is_file() for p in cache_dir.iterdir())

    redis_server = PrivateRedis(tmp_path / "redis")
    redis_server.start()
    try:
        client = redis_server.client()
        client.set("oversight:oversight:abc", b"entry")
        client.set("oversight:problems:xyz", b"held check")
        client.zadd("oversight:login-failed:user:someone", {"1": 1})
        client.set("someone-else:key", b"not ours")
        done = restore(seeded_db, made.path, cache_dir=cache_dir, redis_url=redis_server.url)
        assert sorted(client.keys("*")) == [b"oversight:login-failed:user:someone", b"someone-else:key"]
    finally:
        redis_server.stop()
    assert not any(p.is_file() for p in cache_dir.iterdir())
    assert done.cache_entries >= 3


@pytest.mark.postgres
def test_postgresql_is_refused_with_a_pointer_to_pg_dump(postgres_url, tmp_path):
    db = Database(postgres_url)
    try:
        for attempt in (lambda: backup(db, tmp_path / "x.sqlite3"), lambda: restore(db, tmp_path / "x.sqlite3")):
            with pytest.raises(BackupRefused, match="pg_dump"):
                attempt()
    finally:
        db.dispose()
    assert not (tmp_path / "x.sqlite3").exists()


def _not_ours(tmp_path: Path, kind: str, seeded_db: Database) -> Path:
    path = tmp_path / f"{kind}.sqlite3"
    if kind == "text":
        path.write_text("id,name\n1,not a database\n")
    elif kind == "other-sqlite":
        with closing(sqlite3.connect(path)) as conn:
            conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
            conn.commit()
    elif kind == "truncated":
        made = backup(seeded_db, tmp_path / "whole.sqlite3")
        data = made.path.read_bytes()
        path.write_bytes(data[: len(data) // 3])
    elif kind == "newer-schema":
        made = backup(seeded_db, tmp_path / "whole.sqlite3")
        shutil.copy(made.path, path)
        with closing(sqlite3.connect(path)) as conn:
            conn.execute("UPDATE alembic_version SET version_num = 'f00dfeedbeef'")
            conn.commit()
    elif kind == "missing":
        pass
    return path


@pytest.mark.parametrize("kind,says", [
    ("text", "not a SQLite database"), ("other-sqlite", "not one of this service's"),
    ("truncated", "nothing was changed"), ("newer-schema", "newer than this version"),
    ("missing", "no file"),
])
def test_a_file_that_is_not_one_of_our_databases_is_refused_and_nothing_changes(seeded_db, tmp_path, kind, says):
    before, version = table_checksums(seeded_db), seeded_db.data_version()
    path = _not_ours(tmp_path, kind, seeded_db)
    with pytest.raises(BackupRefused, match=says):
        restore(seeded_db, path)
    assert table_checksums(seeded_db) == before and seeded_db.data_version() == version
    assert not list(Path(seeded_db.engine.url.database).parent.glob("*before-restore*"))


def test_a_backup_never_overwrites_a_file(seeded_db, tmp_path):
    target = tmp_path / "exists.sqlite3"
    target.write_text("precious")
    with pytest.raises(BackupRefused, match="exists already"):
        backup(seeded_db, target)
    assert target.read_text() == "precious"


@pytest.fixture
def env(seeded_url, tmp_path, monkeypatch):
    monkeypatch.setenv("OVERSIGHT_DATABASE_URL", seeded_url)
    monkeypatch.setenv("OVERSIGHT_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.delenv("OVERSIGHT_REDIS_URL", raising=False)
    return tmp_path


def test_the_commands_back_up_and_restore_and_refuse_plainly(env, seeded_db, capsys):
    path = env / "copy.sqlite3"
    assert main(["backup", str(path)]) == 0
    assert "Backed up to" in capsys.readouterr().out and path.is_file()
    version = _change_review_data(seeded_db)
    assert main(["restore", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Restored" in out and f"data version {version + 1}" in out

    (env / "notes.txt").write_text("hello")
    assert main(["restore", str(env / "notes.txt")]) == 1
    err = capsys.readouterr().err
    assert "not a SQLite database" in err and "Traceback" not in err
    assert main(["backup", str(path)]) == 1
    assert "exists already" in capsys.readouterr().err
