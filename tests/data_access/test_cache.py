"""The read cache (SPEC section 7): hits run no data query, a data-version bump makes reads
fresh, scopes never share entries, and a failing or hung Redis falls back to the database,
with the app's debug mode on and off."""
from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from contextlib import contextmanager

import pytest
from services import REDIS_TEST_URL, unavailable
from sqlalchemy import event, text, update

from data_access import models as m
from data_access import queries
from data_access.cache import cache_available, cache_key
from data_access.db import bump_data_version
from data_access.scope import Scope

GOV = "social-work-governance"
AS_OF = dt.date(2024, 10, 1)
INSPECTOR = Scope("inspector")


def _make_app(seeded_url, tmp_path, **config):
    from dashboard import create_app

    settings = {"DATABASE_URL": seeded_url, "SECRET_KEY": "test-secret", "CACHE_DIR": str(tmp_path / "cache"),
                "TESTING": True}
    settings.update(config)
    return create_app(settings)


@contextmanager
def statements(db):
    """Collect the SQL statements run on the database while the block runs."""
    seen: list[str] = []

    def listener(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)


def _data_queries(seen):
    """Statements other than the one-row data-version read."""
    return [s for s in seen if "dataset_meta" not in s]


def _read(app, scope=INSPECTOR):
    with app.server.test_request_context("/"):
        return queries.authority_progress(app.server.extensions["oversight_db"], scope, GOV, as_of=AS_OF)


@pytest.fixture
def cached_app(seeded_url, tmp_path):
    app = _make_app(seeded_url, tmp_path)  # the default on-disk cache
    yield app
    app.server.extensions["oversight_db"].dispose()


def test_a_hit_runs_no_data_query(cached_app):
    db = cached_app.server.extensions["oversight_db"]
    with statements(db) as first:
        cold = _read(cached_app)
    assert _data_queries(first), "the first read should query the database"
    with statements(db) as second:
        warm = _read(cached_app)
    assert _data_queries(second) == []
    assert len(second) <= 1  # at most the one-row data-version read
    assert warm.equals(cold)


def test_a_data_version_bump_makes_the_next_read_fresh(cached_app):
    db = cached_app.server.extensions["oversight_db"]
    before = _read(cached_app)
    edinburgh = int(before[before.gss_code == "S12000036"].complete.iloc[0])
    with db.session() as s:
        s.execute(text("UPDATE authority_milestone SET completed_on = NULL WHERE authority_id = "
                       "(SELECT id FROM local_authority WHERE gss_code = 'S12000036')"))
        bump_data_version(s)
    with statements(db) as seen:
        after = _read(cached_app)
    assert _data_queries(seen)
    assert int(after[after.gss_code == "S12000036"].complete.iloc[0]) == 0 < edinburgh


def test_two_scopes_never_share_an_entry(cached_app):
    db = cached_app.server.extensions["oversight_db"]
    everyone = _read(cached_app, INSPECTOR)
    with statements(db) as seen:
        own = _read(cached_app, Scope("coordinator", "S12000036"))
    assert _data_queries(seen), "a co-ordinator's read must not be served from an inspector's entry"
    assert len(everyone) > 1 and list(own.gss_code) == ["S12000036"]
    keys = {cache_key("f", db, s, (GOV,), {}, AS_OF, 1)
            for s in (INSPECTOR, Scope("leader"), Scope("presenter"), Scope("coordinator", "S12000036"),
                      Scope("coordinator", "S12000049"), Scope("presenter", k=10))}
    assert len(keys) == 6


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def hung_redis():
    """A local socket that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held, stop = [], threading.Event()

    def accept():
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
                held.append(conn)
            except OSError:
                continue

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    stop.set()
    t.join(2)
    for c in held:
        c.close()
    server.close()


@pytest.mark.parametrize("debug", [False, True], ids=["debug-off", "debug-on"])
@pytest.mark.parametrize("kind", ["down", "hung"])
def test_a_failing_redis_falls_back_to_the_database(seeded_url, tmp_path, request, kind, debug):
    url = f"redis://127.0.0.1:{_closed_port()}/0" if kind == "down" else request.getfixturevalue("hung_redis")
    app = _make_app(seeded_url, tmp_path, REDIS_URL=url)
    app.server.debug = debug
    try:
        reference = queries.authority_progress.uncached(app.server.extensions["oversight_db"], INSPECTOR, GOV,
                                                        as_of=AS_OF)
        started = time.monotonic()
        first = _read(app)
        second = _read(app)
        elapsed = time.monotonic() - started
        assert first.equals(reference) and second.equals(reference)
        assert elapsed < 3, f"a {kind} Redis held the reads for {elapsed:.1f} s"
        with app.server.app_context():
            assert not cache_available(), "after a failure reads should bypass the cache for a while"
        # The page callbacks keep working too.
        from dashboard.pages.timeline.callbacks import update_timeline

        app.server.extensions["oversight_scope"] = lambda: INSPECTOR
        with app.server.test_request_context("/"):
            out = update_timeline(GOV, None, None)
        assert "milestones are complete" in out[1]
    finally:
        app.server.extensions["oversight_db"].dispose()


@pytest.mark.redis
def test_a_real_redis_serves_hits_without_data_queries(seeded_url, tmp_path):
    import redis

    try:
        redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1).ping()
    except Exception as exc:
        unavailable(f"Redis is not reachable at {REDIS_TEST_URL}: {type(exc).__name__}")
    app = _make_app(seeded_url, tmp_path, REDIS_URL=REDIS_TEST_URL)
    db = app.server.extensions["oversight_db"]
    try:
        # A version no other run has used, so entries left by earlier runs cannot answer.
        with db.session() as s:
            s.execute(update(m.DatasetMeta).where(m.DatasetMeta.id == 1).values(
                data_version=int(time.time() * 1000) % 2_000_000_000))
        cold = _read(app)
        with statements(db) as seen:
            warm = _read(app)
        assert _data_queries(seen) == [] and warm.equals(cold)
        with app.server.app_context():
            assert cache_available()
    finally:
        db.dispose()


# -- one read per request -------------------------------------------------------------------------
def _counting_gets(app, monkeypatch) -> list[str]:
    from data_access.cache import cache

    backend = app.server.extensions["cache"][cache]
    gets: list[str] = []
    original = backend.get

    def counting(key):
        if key.startswith("oversight:"):  # not the file cache's own bookkeeping
            gets.append(key)
        return original(key)

    monkeypatch.setattr(backend, "get", counting)
    return gets


def test_one_request_reads_the_same_frame_once(cached_app, monkeypatch):
    db = cached_app.server.extensions["oversight_db"]
    gets = _counting_gets(cached_app, monkeypatch)
    with cached_app.server.test_request_context("/"):
        with statements(db) as first:
            a = queries.authority_progress(db, INSPECTOR, GOV, as_of=AS_OF)
        with statements(db) as second:
            b = queries.authority_progress(db, INSPECTOR, GOV, as_of=AS_OF)
        assert _data_queries(first) and second == []
        assert b.equals(a) and b is not a and len(gets) == 1
        b["name"] = "changed by a caller"  # a caller's change never reaches the next caller
        assert not queries.authority_progress(db, INSPECTOR, GOV, as_of=AS_OF).name.eq("changed by a caller").any()
        # Another scope, as-of date or argument is another read.
        queries.authority_progress(db, Scope("coordinator", "S12000036"), GOV, as_of=AS_OF)
        queries.authority_progress(db, INSPECTOR, GOV, as_of=AS_OF - dt.timedelta(days=7))
        assert len(gets) == 3
    with cached_app.server.test_request_context("/"):  # the next request asks the backend again
        c = queries.authority_progress(db, INSPECTOR, GOV, as_of=AS_OF)
    assert len(gets) == 4 and c is not a and c.equals(a)


def test_one_request_reads_once_without_a_cache_backend(app):
    """With no backend (NullCache) a request still reads the same frame only once."""
    db = app.server.extensions["oversight_db"]
    with app.server.test_request_context("/"):
        with statements(db) as first:
            a = queries.authority_progress(db, INSPECTOR, GOV, as_of=AS_OF)
        with statements(db) as second:
            b = queries.authority_progress(db, INSPECTOR, GOV, as_of=AS_OF)
    assert _data_queries(first) and second == [] and b.equals(a)


def test_a_new_data_version_within_a_request_is_not_memoised_across(cached_app):
    """The memo key carries the data version, as the cache key does."""
    db = cached_app.server.extensions["oversight_db"]
    with cached_app.server.test_request_context("/"):
        a = queries.authority_progress(db, INSPECTOR, GOV, as_of=AS_OF)
    with db.session() as s:
        bump_data_version(s)
    with cached_app.server.test_request_context("/"), statements(db) as seen:
        b = queries.authority_progress(db, INSPECTOR, GOV, as_of=AS_OF)
    assert _data_queries(seen) and b is not a


def test_the_demonstration_reviews_are_read_once_per_data_version_and_follow_a_change(seeded_db):
    from data_access import reviews

    with statements(seeded_db) as first:
        demo, everything = reviews.demonstrations(seeded_db)
    assert demo and everything
    with statements(seeded_db) as second:
        assert reviews.demonstrations(seeded_db) == (demo, everything)
    assert not [s for s in second if "FROM review" in s]  # only the data version was read
    assert [s for s in first if "FROM review" in s]
    with seeded_db.session() as s:
        s.execute(update(m.Review).where(m.Review.slug == GOV).values(is_demonstration=False))
        bump_data_version(s)
    demo_after, everything_after = reviews.demonstrations(seeded_db)
    assert GOV not in demo_after and GOV in demo and not everything_after


def test_a_panel_is_built_once_then_read_whole_from_the_cache_per_scope_and_version(cached_app):
    from dashboard.context import Ask
    from dashboard.pages.overview.panels import Filters, matrix_panel
    from dashboard.ui.panel import cached_panel

    db = cached_app.server.extensions["oversight_db"]
    built = []

    def counting_matrix_panel(ask, f):
        built.append(ask.scope.role)
        return matrix_panel.uncached(ask, f)

    cached = cached_panel(counting_matrix_panel)

    def panel(scope):
        with cached_app.server.test_request_context("/"):
            return cached(Ask(db, scope, AS_OF), Filters(GOV))

    first = panel(INSPECTOR)
    with statements(db) as seen:
        again = panel(INSPECTOR)
    assert built == ["inspector"] and len(seen) <= 1  # the data version only
    assert again.summary == first.summary and again.figure == first.figure and again.table.equals(first.table)
    assert again.figure is not first.figure  # each caller has its own copy to change
    panel(Scope("presenter"))
    assert built == ["inspector", "presenter"]  # another scope never reads the inspector's entry
    with db.session() as s:
        bump_data_version(s)
    panel(INSPECTOR)
    assert built == ["inspector", "presenter", "inspector"]
