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

from flask import current_app, g, has_app_context, has_request_context
from flask_caching import Cache

log = logging.getLogger(__name__)

cache = Cache()
_MISS = object()


def _backend():
    if not has_app_context():
        return None
    ext = current_app.extensions.get("cache")
    if not ext or cache not in ext:
        return None
    return ext[cache]


def data_version(db) -> int:
    """The data version, read at most once per request (the one-row read)."""
    if has_request_context():
        memo = g.setdefault("_oversight_data_version", {})
        key = repr(db)
        if key not in memo:
            memo[key] = db.data_version()
        return memo[key]
    return db.data_version()


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
        try:
            hit = backend.get(key)
        except Exception:  # noqa: BLE001 - a failing cache must never fail the read
            log.warning("cache read failed; reading from the database", exc_info=True)
            hit = None
        if hit is not None:
            return hit
        value = fn(db, scope, *args, as_of=as_of, **kwargs)
        try:
            backend.set(key, value)
        except Exception:  # noqa: BLE001
            log.warning("cache write failed", exc_info=True)
        return value

    wrapper.uncached = fn
    return wrapper
