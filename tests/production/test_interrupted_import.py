"""An import interrupted half-way leaves nothing partly written (SPEC section 8: all or nothing).

On PostgreSQL the importing process (`oversight import`) is killed at a chosen point of its one
transaction: the database link runs through a proxy that stalls the import's traffic just before a
given statement, the test checks that the transaction has written rows, then kills the process.
On SQLite a write fails in the middle of the transaction instead. Either way every review-data
table, the data version and the import history are as they were.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from import_corpus.support import batches, csv_bytes, exported, table_checksums
from production.support import Proxy, wait_until
from services import ROOT
from sqlalchemy import select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from data_access import models as m
from data_access.db import Database
from data_access.importers import ImportCommand
from seed_data import programme as P
from seed_data.load import seed


def _edited_responses(db: Database, path) -> None:
    """Every day's survey responses one lower: an import that rewrites two tables (days and totals)."""
    grid = exported(db, "survey-responses", P.GOVERNANCE)
    column = grid[0].index("responses")
    for row in grid[1:]:
        if row[column] not in ("", None) and int(row[column]) > 0:
            row[column] = str(int(row[column]) - 1)
    path.write_bytes(csv_bytes(grid))


def _state(db: Database) -> tuple:
    with db.reader() as s:
        imports = s.scalar(select(m.AuditEntry.id).where(m.AuditEntry.action == "import").limit(1))
    return table_checksums(db), db.data_version(), len(batches(db)), imports


def _open_write_transactions(db: Database, name: str) -> int:
    """Connections to database `name` inside a transaction that has written something (it has an xid)."""
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = :d "
                                 "AND state = 'idle in transaction' AND backend_xid IS NOT NULL"), {"d": name}).scalar()


@pytest.mark.postgres
@pytest.mark.parametrize("stalled_before", [
    b"DELETE FROM survey_response_total",  # the days rewritten, the totals not yet
    b"UPDATE dataset_meta",  # every row written, the data version not yet bumped
    b"COMMIT\x00",  # everything but the commit (the command itself, not "BEGIN ... READ COMMITTED")
], ids=["mid-tables", "before-version", "before-commit"])
def test_an_import_killed_half_way_writes_nothing(postgres_url, tmp_path, stalled_before):
    db = Database(postgres_url)
    proxy = Proxy((make_url(postgres_url).host, make_url(postgres_url).port or 5432))
    importer = None
    try:
        db.upgrade()
        seed(db)
        path = tmp_path / "responses.csv"
        _edited_responses(db, path)
        before = _state(db)

        proxy.up()
        proxy.hold_on(stalled_before)
        env = {k: v for k, v in os.environ.items() if not k.startswith("OVERSIGHT_")}
        env.update(OVERSIGHT_DATABASE_URL=make_url(postgres_url).set(port=proxy.port).render_as_string(
            hide_password=False), OVERSIGHT_INSTANCE_PATH=str(tmp_path / "instance"), PYTHONPATH=str(ROOT))
        importer = subprocess.Popen(
            [sys.executable, "-m", "dashboard.cli", "import", "survey-responses", str(path), "--review", P.GOVERNANCE],
            cwd=str(ROOT), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        wait_until(lambda: proxy.held.is_set() or importer.poll() is not None, "the import reaching the stall", 90)
        assert proxy.held.is_set(), importer.communicate()[0][-2000:]
        name = make_url(postgres_url).database
        assert _open_write_transactions(db, name) == 1  # half-way: rows written, not committed

        importer.send_signal(signal.SIGKILL)
        importer.wait(timeout=30)
        # What the process had sent but the proxy held back never reaches the server: the link is cut,
        # as it is when the importing host dies.
        proxy.down()
        wait_until(lambda: _open_write_transactions(db, name) == 0, "the server ending the killed transaction")
        assert _state(db) == before

        # The same file, imported whole afterwards, does write: the interruption was the only reason.
        result = ImportCommand.from_path(db, "survey-responses", path, review=P.GOVERNANCE, username="x").run()
        assert result.ok and result.updated > 0 and db.data_version() == before[1] + 1
    finally:
        if importer is not None and importer.poll() is None:
            importer.kill()
            importer.wait(timeout=10)
        proxy.down()
        db.dispose()


def test_a_write_failing_mid_transaction_on_sqlite_writes_nothing(seeded_db, tmp_path, monkeypatch):
    path = tmp_path / "responses.csv"
    _edited_responses(seeded_db, path)
    before = _state(seeded_db)
    written: list[int] = []

    def disk_gone(session):
        # The rows are written in this transaction by now; then the disk fails.
        written.append(session.execute(text("SELECT total_changes()")).scalar())
        raise OperationalError("UPDATE dataset_meta", {}, Exception("disk I/O error"))

    monkeypatch.setattr("data_access.importers.command.bump_data_version", disk_gone)
    with pytest.raises(OperationalError):
        ImportCommand.from_path(seeded_db, "survey-responses", path, review=P.GOVERNANCE, username="x").run()
    assert written and written[0] > 1000  # the failure came after the rows were written
    assert _state(seeded_db) == before
