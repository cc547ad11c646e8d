"""Memoization of data reads, keyed by arguments, scope, as-of date and data version.

The backend is a Flask-Caching `Cache` the app initialises (file system by default, Redis
when configured). Outside an app (the command line, unit tests without one) reads go
straight to the database. A backend that fails is treated as a miss: the read falls back
to the database whatever the app's debug setting.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
import time

from flask import current_app, g, has_app_context, has_request_context
from flask_caching import Cache

log = logging.getLogger(__name__)

cache = Cache()
_MISS = object()

# After a cache failure this process reads straight from the database for a while, so a
# hung Redis costs one socket timeout, not one per read of every page.
RETRY_AFTER_SECONDS = 30.0
_DOWN_KEY = "oversight_cache_down_until"


def _backend():
    if not has_app_context():
        return None
    ext = current_app.extensions.get("cache")
    if not ext or cache not in ext:
        return None
    if current_app.extensions.get(_DOWN_KEY, 0.0) > time.monotonic():
        return None
    return ext[cache]


def _failed(what: str) -> None:
    """Note a failing backend: log once per outage and bypass it until the retry time."""
    retry = current_app.config.get("CACHE_RETRY_AFTER_SECONDS", RETRY_AFTER_SECONDS)
    current_app.extensions[_DOWN_KEY] = time.monotonic() + float(retry)
    log.warning("cache %s failed; reading from the database for the next %s s", what, retry, exc_info=True)


def cache_available() -> bool:
    """Whether reads currently go through the cache (False outside an app or during an outage)."""
    return _backend() is not None


def dataset_info(db):
    """The dataset metadata row (data version, last change, stored as-of date), read at most once
    per request: the data version in every cache key and the as-of date both come from it."""
    if has_request_context():
        memo = g.setdefault("_oversight_dataset_info", {})
        key = repr(db)
        if key not in memo:
            memo[key] = db.dataset_info()
        return memo[key]
    return db.dataset_info()


def data_version(db) -> int:
    return dataset_info(db).version


def cache_key(name: str, db, scope, args: tuple, kwargs: dict, as_of: dt.date, version: int) -> str:
    raw = repr((name, repr(db), scope.cache_key, args, sorted(kwargs.items()), as_of.isoformat(), version))
    return "oversight:" + hashlib.sha256(raw.encode()).hexdigest()


def cached(fn):
    """Memoize a read `fn(db, scope, *args, as_of=..., **kwargs)`."""

    @functools.wraps(fn)
    def wrapper(db, scope, *args, as_of: dt.date, **kwargs):
        backend = _backend()
        if backend is None:
            return fn(db, scope, *args, as_of=as_of, **kwargs)
        key = cache_key(fn.__qualname__, db, scope, args, kwargs, as_of, data_version(db))
        # The backend is called directly, never through Flask-Caching's decorators, which
        # re-raise backend errors when the app runs in debug mode: here a failure is a miss.
        try:
            hit = backend.get(key)
        except Exception:  # noqa: BLE001 - a failing cache must never fail the read
            _failed("read")
            return fn(db, scope, *args, as_of=as_of, **kwargs)
        if hit is not None:
            return hit
        value = fn(db, scope, *args, as_of=as_of, **kwargs)
        try:
            backend.set(key, value)
        except Exception:  # noqa: BLE001
            _failed("write")
        return value

    wrapper.uncached = fn
    return wrapper
