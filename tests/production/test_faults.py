"""Faults a deployment meets, survived by the real server (`oversight serve`, gunicorn) under load:
Redis gone and back, PostgreSQL gone and back, a worker killed in the middle of a request.

Each test breaks only services it owns: a private `redis-server` on its own port, or a TCP proxy
in front of the shared PostgreSQL (the server itself is never touched), with a database of its own.
Nothing here is timed: every wait polls with a generous deadline.
"""
from __future__ import annotations

import os
import secrets
import signal
import threading

import accounts
import pytest
import requests
from production.support import Browser, Host, Load, PrivateRedis, Proxy, host_env, pids_with_connection_on, wait_until
from sqlalchemy.engine import make_url

from data_access.db import Database
from data_access.users import add_user, issue_token
from seed_data.load import seed

GOV = "social-work-governance"
API_PATHS = [f"/api/v1/reviews/{GOV}/progress", f"/api/v1/reviews/{GOV}/survey-rates",
             f"/api/v1/reviews/{GOV}/timeline", "/api/v1/reviews", "/api/v1/publications"]


def _people(db: Database) -> str:
    """An inspector who signs in and a bearer token of theirs for the load."""
    add_user(db, "fault-inspector", "inspector", accounts.PASSWORD)
    return issue_token(db, "fault-inspector", 1)


def _seeded_postgres(url: str) -> str:
    db = Database(url)
    try:
        db.upgrade()
        seed(db)
        return _people(db)
    finally:
        db.dispose()


def test_redis_gone_and_back_during_load_reads_fall_back_to_the_database(seeded_url, seeded_db, tmp_path):
    token = _people(seeded_db)
    redis_server = PrivateRedis(tmp_path / "redis")
    redis_server.start()
    host = Host(host_env(tmp_path / "host", seeded_url, secrets.token_hex(32), redis_url=redis_server.url,
                         trusted_proxies=0))
    try:
        host.wait_ready()
        with Load(host, API_PATHS, headers={"Authorization": f"Bearer {token}"}) as load:
            load.wait_for("before", 20)
            wait_until(lambda: redis_server.client().dbsize() > 0, "reads cached in Redis")
            before = {path: body for _, path, status, body in load.in_phase("before") if status == 200}

            load.phase = "redis gone"
            redis_server.stop()
            load.wait_for("redis gone", 40)
            # Signing in still works: the throttle counts in the database meanwhile.
            assert Browser().sign_in(host, "fault-inspector", accounts.PASSWORD).status_code in (302, 303)

            load.phase = "redis back"
            redis_server.start()  # empty, on the same port
            # Each worker tries the cache again once its pause after the failure (30 s) is over.
            wait_until(lambda: redis_server.client().dbsize() > 0, "reads cached in Redis again", 90)
            load.wait_for("redis back", 20)
        gone = load.in_phase("redis gone")
        assert {status for _, _, status, _ in gone} == {200}, gone[:5]
        # The same answers as with the cache: read from the database, not half-read from anywhere.
        assert all(body == before[path] for _, path, _, body in gone if path in before)
        assert {status for _, _, status, _ in load.in_phase("redis back")} == {200}
        assert load.server_errors() == []
    finally:
        host.stop()
        redis_server.stop()


@pytest.mark.postgres
def test_postgresql_gone_and_back_during_load_fails_fast_and_plainly_then_recovers(postgres_url, tmp_path):
    token = _seeded_postgres(postgres_url)
    url = make_url(postgres_url)
    proxy = Proxy((url.host, url.port or 5432))
    proxy.up()
    proxied = url.set(port=proxy.port).render_as_string(hide_password=False)
    host = Host(host_env(tmp_path / "host", proxied, secrets.token_hex(32), trusted_proxies=0))
    try:
        host.wait_ready()
        # Both workers, not only the first to answer /readyz: the other may still be starting.
        workers = wait_until(lambda: len(host.worker_pids()) == 2 and host.worker_pids(), "two workers")
        with Load(host, API_PATHS + ["/readyz"], headers={"Authorization": f"Bearer {token}"}) as load:
            load.wait_for("before", 20)
            person = Browser()
            assert person.sign_in(host, "fault-inspector", accounts.PASSWORD).status_code in (302, 303)
            load.phase = "database gone"
            proxy.down()
            load.wait_for("database gone", 40)
            page = person.get(host, "/", headers={"Accept": "text/html"})
            load.phase = "database back"
            proxy.up()
            wait_until(lambda: [a[2] for a in load.in_phase("database back")[-10:]] == [200] * 10,
                       "ten answers in a row after the database returned")
        # (The first twenty came back before the cut; any asked just before it may have met it.)
        assert {status for _, _, status, _ in load.in_phase("before")[:20]} == {200}
        gone = load.in_phase("database gone")
        refused = [body for _, _, status, body in gone if status == 503]
        # Requests already under way when the link was cut may finish; the rest get the plain 503.
        assert {status for _, _, status, _ in gone} <= {200, 503} and len(refused) >= len(gone) // 2, gone[:5]
        assert all("unavailable" in body for body in refused)
        assert page.status_code == 503 and "the service is unavailable" in page.text, page.text[:300]
        assert person.get(host, "/").status_code == 200  # the same session, once the database is back
        assert load.server_errors() == []
        assert host.worker_pids() == workers and host.proc.poll() is None  # recovered with no restart
    finally:
        host.stop()
        proxy.down()
    assert "Traceback" not in host.output()


@pytest.mark.postgres
def test_a_worker_killed_mid_request_leaves_the_others_serving(postgres_url, tmp_path):
    token = _seeded_postgres(postgres_url)
    bearer = {"Authorization": f"Bearer {token}", "Connection": "close"}
    url = make_url(postgres_url)
    proxy = Proxy((url.host, url.port or 5432))
    proxy.up()
    proxied = url.set(port=proxy.port).render_as_string(hide_password=False)
    host = Host(host_env(tmp_path / "host", proxied, secrets.token_hex(32), trusted_proxies=0), workers=2)
    try:
        host.wait_ready()
        workers = wait_until(lambda: len(host.worker_pids()) == 2 and host.worker_pids(), "two workers")
        first = requests.get(host.base + API_PATHS[0], headers=bearer, timeout=60)
        assert first.status_code == 200

        # Stall the database: the next request waits inside a worker, in the middle of being served.
        proxy.hold()
        stalled: list = []

        def ask():
            try:
                stalled.append(requests.get(host.base + API_PATHS[0], headers=bearer, timeout=90).status_code)
            except requests.RequestException as exc:
                stalled.append(type(exc).__name__)

        asker = threading.Thread(target=ask, daemon=True)
        asker.start()
        busy = wait_until(lambda: pids_with_connection_on(host.port, workers), "a worker serving the request")
        victim = next(iter(busy))
        os.kill(victim, signal.SIGKILL)
        proxy.release()
        asker.join(timeout=90)

        answers = [requests.get(host.base + path, headers=bearer, timeout=60).status_code
                   for path in API_PATHS * 4]
        assert answers == [200] * len(answers)
        now = wait_until(lambda: len(host.worker_pids()) == 2 and host.worker_pids(), "a replacement worker", 90)
        assert victim not in now and len(now & workers) == 1  # the other worker was never interrupted
        # The killed request was cut off mid-way (its connection dropped), never answered with a server error.
        assert stalled == ["ConnectionError"], stalled
        assert requests.get(host.base + "/readyz", timeout=30).status_code == 200
    finally:
        host.stop()
        proxy.down()
