"""How `Database` talks to PostgreSQL: reads outside any transaction, writes all in one."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from data_access.db import Database

pytestmark = pytest.mark.postgres

# A transaction's start time: the same for every statement inside one transaction, new for each
# statement run outside any.
TWO_STATEMENTS = ("SELECT transaction_timestamp()", "SELECT pg_sleep(0.02), transaction_timestamp()")


def _timestamps(session) -> list:
    return [session.execute(text(sql)).all()[0][-1] for sql in TWO_STATEMENTS]


def test_a_read_opens_no_transaction_and_a_write_keeps_one(postgres_url):
    db = Database(postgres_url)
    try:
        db.upgrade()
        with db.reader() as s:
            first, second = _timestamps(s)
        assert first != second  # no BEGIN and no ROLLBACK: two round trips fewer for every read
        assert db.data_version() == 0  # the metadata read goes the same way
        with db.session() as s:
            first, second = _timestamps(s)
        assert first == second  # a write session is still one transaction, committed or rolled back whole
        # A connection back from a read is an ordinary one again for the next write.
        with db.reader() as s:
            _timestamps(s)
        with db.session() as s:
            assert len(set(_timestamps(s))) == 1
    finally:
        db.dispose()
