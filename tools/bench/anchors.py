"""The anchors: reference timings taken in this process, against which the server's figures are judged.

Everything here goes through public interfaces: `data_access`'s reads and writes, the app factory,
and the app's HTTP interface through Flask's test client (signed in with the sign-in form).
"""
from __future__ import annotations

import datetime as dt
import os
import secrets
import time
import warnings
from pathlib import Path

from flask import Flask
from flask_caching import Cache

from dashboard import create_app
from data_access import queries
from data_access.db import Database, bump_data_version, resolve_as_of
from data_access.scope import Scope
from data_access.users import UserError, add_user, set_password
from seed_data.load import seed

from .client import CALLBACK_PATH, BenchError, csrf_from_form
from .stats import time_ms

BENCH_USER = "bench-leader"
BENCH_ROLE = "leader"
ANCHOR_REPEATS = 200
IN_PROCESS_REPEATS = 30


def prepare_database(url: str, scale: int, password: str, log) -> Database:
    """Migrate, seed at `scale` and add the bench user; returns the Database (the caller disposes it)."""
    db = Database(url)
    t0 = time.perf_counter()
    db.upgrade()
    seed(db, scale=scale)
    try:
        add_user(db, BENCH_USER, BENCH_ROLE, password)
    except UserError:
        set_password(db, BENCH_USER, password)  # a --database-url used before
    log(f"database ready at scale {scale} in {time.perf_counter() - t0:.1f} s")
    return db


def default_review(db: Database, scope: Scope) -> tuple[str, dt.date]:
    """The review the overview opens on, and the dashboard's 'today'."""
    day, _ = resolve_as_of(db)
    return queries.most_active_review(queries.reviews.uncached(db, scope, as_of=day)), day


def bumper(db: Database):
    """A one-row UPDATE of the data version, so the next callback misses every cached read."""
    def bump():
        with db.session() as session:
            bump_data_version(session)
    return bump


def cache_read(folder: Path, db: Database, scope: Scope, review: str, day: dt.date) -> list[float]:
    """One read, from the kind of cache the server uses (Redis when configured, else files), of the frame
    the matrix callback reads."""
    value = queries.milestone_status.uncached(db, scope, review, as_of=day)
    holder = Flask("bench-cache")
    redis_url = os.environ.get("OVERSIGHT_REDIS_URL")
    if redis_url:
        holder.config.update(CACHE_TYPE="RedisCache", CACHE_REDIS_URL=redis_url)
    else:
        holder.config.update(CACHE_TYPE="FileSystemCache", CACHE_DIR=str(folder / "anchor-cache"))
    cache = Cache(holder)
    key = f"oversight:bench:{secrets.token_hex(8)}"
    with holder.app_context():
        backend = cache.cache  # the backend itself, as the server's reads reach it
        backend.set(key, value)
        try:
            return time_ms(lambda: backend.get(key), ANCHOR_REPEATS)
        finally:
            backend.delete(key)


class InProcessApp:
    """The same app in this process with no cache, signed in as the bench user through its test client:
    a callback's own work (its SQL reads and its building) without the network or a cache."""

    def __init__(self, url: str, folder: Path, password: str):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.app = create_app({"DATABASE_URL": url, "CACHE_TYPE": "NullCache",
                                   "SECRET_KEY": secrets.token_hex(16), "REDIS_URL": None,
                                   "CACHE_DIR": str(folder / "anchor-cache")})
        self.client = self.app.server.test_client()
        form = self.client.get("/login").get_data(as_text=True)
        resp = self.client.post("/login", data={"username": BENCH_USER, "password": password,
                                                "csrf_token": csrf_from_form(form), "next": "/"})
        cookie = self.client.get_cookie("_csrf_token")
        if resp.status_code not in (302, 303) or cookie is None:
            raise BenchError(f"in-process sign-in failed with HTTP {resp.status_code}")
        self.headers = {"X-CSRFToken": cookie.value, "Content-Type": "application/json"}

    def post(self, body: bytes) -> None:
        resp = self.client.post(CALLBACK_PATH, data=body, headers=self.headers)
        if resp.status_code not in (200, 204):
            raise BenchError(f"an in-process callback answered HTTP {resp.status_code}")

    def callback_work(self, db: Database, scope: Scope, review: str, day: dt.date, body: bytes,
                      empty_body: bytes) -> dict:
        """The matrix callback's own work with no cache: its time in process less the empty callback's,
        and, of that, its SQL reads."""
        def sql():
            queries.reviews.uncached(db, scope, as_of=day)
            queries.milestone_status.uncached(db, scope, review, as_of=day)

        self.post(body)
        whole = time_ms(lambda: self.post(body), IN_PROCESS_REPEATS)
        fixed = time_ms(lambda: self.post(empty_body), IN_PROCESS_REPEATS)
        overhead = sorted(fixed)[len(fixed) // 2]
        return {"query_and_build": [max(t - overhead, 0.0) for t in whole],
                "sql": time_ms(sql, IN_PROCESS_REPEATS), "fixed_in_process": fixed}
