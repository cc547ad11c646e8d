"""Whoever can write to the cache folder or Redis cannot make the app unpickle what they wrote."""
from __future__ import annotations

import datetime as dt
import logging
import pathlib
import pickle
import struct
import time

import pytest
import redis
from services import REDIS_TEST_URL, unavailable
from sqlalchemy import update

from dashboard import create_app
from data_access import models as m
from data_access import queries
from data_access.cache import SignedSerializer
from data_access.scope import Scope

GOV = "social-work-governance"
AS_OF = dt.date(2024, 10, 1)
INSPECTOR = Scope("inspector")


class Plant:
    """A pickle that, when loaded, writes a file: a stand-in for any code an attacker would run."""

    def __init__(self, path: pathlib.Path):
        self.path = path

    def __reduce__(self):
        return pathlib.Path.write_text, (self.path, "the attacker's code ran")


def _app(seeded_url, tmp_path, **config):
    settings = {"DATABASE_URL": seeded_url, "SECRET_KEY": "test-secret", "CACHE_DIR": str(tmp_path / "cache"),
                "TESTING": True}
    settings.update(config)
    return create_app(settings)


def _read(app):
    with app.server.test_request_context("/"):
        return queries.authority_progress(app.server.extensions["oversight_db"], INSPECTOR, GOV, as_of=AS_OF)


def test_the_planted_pickle_does_run_when_unpickled_plainly(tmp_path):
    """The control: the payload is real, so its not running below means something."""
    canary = tmp_path / "control"
    pickle.loads(pickle.dumps(Plant(canary)))
    assert canary.read_text() == "the attacker's code ran"


def test_a_tampered_file_cache_entry_is_never_unpickled(seeded_url, tmp_path, caplog):
    app = _app(seeded_url, tmp_path)
    canary = tmp_path / "pwned"
    try:
        reference = _read(app)
        entries = [p for p in (tmp_path / "cache").iterdir() if p.is_file()]
        assert entries, "the first read should have stored an entry"
        for entry in entries:  # what the file-system cache itself writes: expiry, then the pickle
            entry.write_bytes(struct.pack("I", 0) + pickle.dumps(Plant(canary)))
        with caplog.at_level(logging.WARNING, logger="data_access.cache"):
            again = _read(app)
        assert not canary.exists()
        assert again.equals(reference)  # a miss, read afresh from the database
        assert "failed its signature check" in caplog.text
    finally:
        app.server.extensions["oversight_db"].dispose()


def test_an_entry_signed_with_another_key_is_a_miss(seeded_url, tmp_path):
    app = _app(seeded_url, tmp_path)
    canary = tmp_path / "pwned"
    forged = SignedSerializer("a key the attacker chose").dumps(Plant(canary))
    try:
        reference = _read(app)
        for entry in (tmp_path / "cache").iterdir():
            entry.write_bytes(struct.pack("I", 0) + forged)
        assert _read(app).equals(reference)
        assert not canary.exists()
    finally:
        app.server.extensions["oversight_db"].dispose()


def test_signed_entries_round_trip_and_truncation_is_a_miss():
    s = SignedSerializer("k" * 40)
    data = s.dumps({"a": [1, 2, 3]})
    assert s.loads(data) == {"a": [1, 2, 3]}
    for broken in (data[:-1], data[:10], b"", data[:3] + bytes([data[3] ^ 1]) + data[4:], b"!" + data):
        assert s.loads(broken) is None


@pytest.mark.redis
def test_a_tampered_redis_entry_is_never_unpickled(seeded_url, tmp_path):
    try:
        client = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1)
        client.ping()
    except Exception as exc:
        unavailable(f"Redis is not reachable at {REDIS_TEST_URL}: {type(exc).__name__}")
    app = _app(seeded_url, tmp_path, REDIS_URL=REDIS_TEST_URL)
    db = app.server.extensions["oversight_db"]
    canary = tmp_path / "pwned"
    try:
        with db.session() as s:  # a data version of its own, so no earlier run's entry answers
            s.execute(update(m.DatasetMeta).where(m.DatasetMeta.id == 1).values(
                data_version=int(time.time() * 1000) % 2_000_000_000))
        before = set(client.keys("*"))
        reference = _read(app)
        planted = set(client.keys("*")) - before
        assert planted, "the first read should have stored an entry"
        for key in planted:  # '!' + pickle is what Flask-Caching's Redis backend would unpickle
            client.set(key, b"!" + pickle.dumps(Plant(canary)))
        assert _read(app).equals(reference)
        assert not canary.exists()
    finally:
        db.dispose()
