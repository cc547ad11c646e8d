"""Login throttling, shared by every worker and host: Redis when configured, else the database."""
from __future__ import annotations

import datetime as dt
import logging
import secrets
import time

import redis
from flask import current_app, request

from data_access import audit

log = logging.getLogger(__name__)

LOGIN_LIMIT = 5  # failed attempts allowed per minute, per account and per client
LOGIN_WINDOW_SECONDS = 60


def _client() -> str:
    return (request.remote_addr or "unknown")[:64]


def _redis():
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    client = current_app.extensions.get("oversight_redis")
    if client is None:
        client = redis.Redis.from_url(url, socket_timeout=0.25, socket_connect_timeout=0.25)
        current_app.extensions["oversight_redis"] = client
    return client


def _redis_keys(username: str, client: str) -> tuple[str, str]:
    return f"oversight:login-failed:user:{username}", f"oversight:login-failed:client:{client}"


def _too_many_failures(username: str, client: str) -> bool:
    r = _redis()
    if r is not None:
        try:
            now = time.time()
            pipe = r.pipeline()
            for key in _redis_keys(username, client):
                pipe.zremrangebyscore(key, 0, now - LOGIN_WINDOW_SECONDS)
                pipe.zcard(key)
            res = pipe.execute()
            return max(res[1], res[3]) >= LOGIN_LIMIT
        except Exception:
            log.warning("login counter unavailable in Redis; using the database", exc_info=True)
    since = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=LOGIN_WINDOW_SECONDS)
    by_user, by_client = audit.failed_logins_since(current_app.extensions["oversight_db"], username, client, since)
    return max(by_user, by_client) >= LOGIN_LIMIT


def _count_failure(username: str, client: str) -> None:
    r = _redis()
    if r is not None:
        try:
            now = time.time()
            pipe = r.pipeline()
            for key in _redis_keys(username, client):
                pipe.zadd(key, {f"{now}:{secrets.token_hex(4)}": now})
                pipe.expire(key, LOGIN_WINDOW_SECONDS + 5)
            pipe.execute()
            return
        except Exception:
            log.warning("login counter unavailable in Redis; using the database", exc_info=True)
    audit.add_failed_login(current_app.extensions["oversight_db"], username, client)


def _forget_failures(username: str) -> None:
    r = _redis()
    if r is not None:
        try:
            r.delete(_redis_keys(username, "")[0])
        except Exception:
            pass
    before = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=LOGIN_WINDOW_SECONDS)
    audit.prune_failed_logins(current_app.extensions["oversight_db"], before, username=username)
