"""Memoization of data reads, keyed by arguments, scope, as-of date and data version.

The backend is a Flask-Caching `Cache` the app initialises (file system by default, Redis
when configured). Outside an app (the command line, unit tests without one) reads go
straight to the database. A backend that fails is treated as a miss: the read falls back
to the database whatever the app's debug setting.

Entries are pickles, and unpickling runs code, so whoever could write to Redis or the cache
folder could otherwise run code in the app: every entry carries an HMAC-SHA256 of its bytes
under a key derived from the app's SECRET_KEY, checked before anything is unpickled. An entry
whose signature is missing or wrong is a miss. In front of the backend, one request keeps what
it has read, so the same read twice in a request costs one.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import logging
import pickle
import secrets
import time
from typing import IO

import pandas as pd
from flask import current_app, g, has_app_context, has_request_context
from flask_caching import Cache

log = logging.getLogger(__name__)

_FAILED = object()  # the backend failed: read from the database and do not write back
_SIGNED = b"OS1"  # marks (and versions) a signed entry
_MAC_BYTES = hashlib.sha256().digest_size


class SignedSerializer:
    """Pickles for the cache backends, each behind an HMAC-SHA256 checked before unpickling.

    It stands in for cachelib's serializers (the `dumps`/`loads` that Redis uses and the
    `dump`/`load` on a file that the file-system cache uses), so the backend itself never
    unpickles bytes it read.
    """

    def __init__(self, secret_key: str | bytes):
        secret = secret_key.encode() if isinstance(secret_key, str) else bytes(secret_key)
        # A key of its own, so a cache signature can never pass for a session signature.
        self._key = hmac.new(secret, b"oversight cache entries v1", hashlib.sha256).digest()

    def _mac(self, payload: bytes) -> bytes:
        return hmac.new(self._key, payload, hashlib.sha256).digest()

    def dumps(self, value) -> bytes:
        payload = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        return _SIGNED + self._mac(payload) + payload

    def loads(self, data: bytes | None):
        if data is None:
            return None
        head = len(_SIGNED) + _MAC_BYTES
        data = bytes(data)
        mac, payload = data[len(_SIGNED):head], data[head:]
        if not data.startswith(_SIGNED) or not hmac.compare_digest(mac, self._mac(payload)):
            log.warning("a cache entry failed its signature check; it is ignored and read afresh")
            return None
        return pickle.loads(payload)

    def dump(self, value, f: IO[bytes]) -> None:
        f.write(self.dumps(value))

    def load(self, f: IO[bytes]):
        return self.loads(f.read())


class SignedCache(Cache):
    """Flask-Caching's `Cache`, whose backend signs what it stores (see SignedSerializer)."""

    def init_app(self, app, config=None) -> None:
        super().init_app(app, config)
        secret = app.config.get("SECRET_KEY")
        if not secret:
            # Entries then live only as long as this process; a key shared with nobody is still safe.
            log.warning("no SECRET_KEY: cache entries are signed with a key of this process only")
            secret = secrets.token_bytes(32)
        backend = app.extensions["cache"][self]
        backend.serializer = SignedSerializer(secret)
        _resign_file_count(backend)


def _resign_file_count(backend) -> None:
    """The file-system cache wrote its entry count before it had our serializer; write it again,
    signed, so reading it does not look like tampering. (cachelib's own names: a later version
    without them only brings back that one warning.)"""
    try:
        backend.set(backend._fs_count_file, sum(1 for _ in backend._list_dir()), mgmt_element=True)
    except (AttributeError, TypeError, OSError):
        pass


cache = SignedCache()

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


def _request_memo() -> dict | None:
    """This request's reads so far, by cache key; None outside a request."""
    return g.setdefault("_oversight_read_memo", {}) if has_request_context() else None


def _own_copy(value):
    return value.copy() if isinstance(value, pd.DataFrame) else value


def cached(fn):
    """Memoize a read `fn(db, scope, *args, as_of=..., **kwargs)`: once per request, then in the backend.

    Within one request the same read costs one query; each caller gets its own copy of a frame, so
    a caller that changes what it is given cannot change what the next one reads.
    """

    @functools.wraps(fn)
    def wrapper(db, scope, *args, as_of: dt.date, **kwargs):
        backend = _backend()
        memo = _request_memo()
        if backend is None and memo is None:
            return fn(db, scope, *args, as_of=as_of, **kwargs)
        key = cache_key(fn.__qualname__, db, scope, args, kwargs, as_of, data_version(db))
        if memo is not None and key in memo:
            return _own_copy(memo[key])
        value = _from_backend(backend, key) if backend is not None else None
        if value is None or value is _FAILED:
            fresh = fn(db, scope, *args, as_of=as_of, **kwargs)
            if backend is not None and value is None:
                _to_backend(backend, key, fresh)
            value = fresh
        if memo is not None:
            memo[key] = _own_copy(value)
        return value

    wrapper.uncached = fn
    return wrapper


_BY_VERSION: dict = {}
_BY_VERSION_MAX = 256


def per_data_version(fn):
    """Memoize a small read `fn(db)` in this process for the data version it was read at: every change
    to the data moves the version, so the value is right for as long as the version stands, on every
    host alike. The version is read first, so a value is never older than the key it is kept under."""

    @functools.wraps(fn)
    def wrapper(db):
        key = (fn.__qualname__, repr(db), data_version(db))
        if key in _BY_VERSION:
            return _BY_VERSION[key]
        value = fn(db)
        if len(_BY_VERSION) >= _BY_VERSION_MAX:
            _BY_VERSION.clear()
        _BY_VERSION[key] = value
        return value

    wrapper.uncached = fn
    return wrapper


def remembered(name: str, db, scope, args: tuple, as_of: dt.date, compute):
    """`compute()`, kept in the backend under a key made as a read's is (name, arguments, scope, as-of
    date, data version): for what is built from reads, such as a chart's figure and table, so that a
    warm request skips the building as well as the reading. Each caller gets its own copy (a fresh
    unpickle, or the value just built, which the backend holds only as bytes)."""
    backend = _backend()
    if backend is None:
        return compute()
    key = cache_key(name, db, scope, args, {}, as_of, data_version(db))
    value = _from_backend(backend, key)
    if value is None or value is _FAILED:
        fresh = compute()
        if value is None:
            _to_backend(backend, key, fresh)
        return fresh
    return value


# The backend is called directly, never through Flask-Caching's decorators, which re-raise
# backend errors when the app runs in debug mode: here a failure is a miss.
def _from_backend(backend, key: str):
    try:
        return backend.get(key)
    except Exception:
        _failed("read")
        return _FAILED


def _to_backend(backend, key: str, value) -> None:
    try:
        backend.set(key, value)
    except Exception:
        _failed("write")
