"""Settings from the environment (SPEC section 6), with development defaults."""
from __future__ import annotations

import os
import secrets


class ConfigError(RuntimeError):
    """The app cannot start with these settings."""


def _development_secret(instance_path: str) -> str:
    """One key per instance folder, kept on disk, so every worker signs sessions alike."""
    path = os.path.join(instance_path, "secret_key")
    try:
        with open(path, encoding="ascii") as fh:
            key = fh.read().strip()
        if len(key) >= 32:
            return key
    except FileNotFoundError:
        pass
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key)
    return key


def from_environment(instance_path: str) -> dict:
    env = os.environ.get("OVERSIGHT_ENV", "development").strip().lower()
    secret = os.environ.get("OVERSIGHT_SECRET_KEY")
    if env == "production" and not secret:
        raise ConfigError("OVERSIGHT_SECRET_KEY must be set when OVERSIGHT_ENV=production")
    try:
        max_mb = float(os.environ.get("OVERSIGHT_MAX_UPLOAD_MB", "20"))
        k = int(os.environ.get("OVERSIGHT_SDC_K", "5"))
    except ValueError as exc:
        raise ConfigError(f"bad number in settings: {exc}") from exc
    as_of = (os.environ.get("OVERSIGHT_AS_OF") or "").strip() or None
    if as_of is not None:
        import datetime as dt

        try:
            dt.date.fromisoformat(as_of)
        except ValueError:
            raise ConfigError(f"OVERSIGHT_AS_OF must be a date like 2024-10-01, not {as_of!r}") from None
    from data_access.db import default_database_url

    return {
        "ENV": env,
        "SECRET_KEY": secret or _development_secret(instance_path),
        "DATABASE_URL": default_database_url(instance_path),
        "REDIS_URL": os.environ.get("OVERSIGHT_REDIS_URL") or None,
        "SDC_K": max(k, 2),
        "AS_OF": as_of,
        # Uploads arrive base64-encoded inside a callback's JSON (4 bytes for every 3), so the
        # request may be a third larger than the file; the importer checks the file's own size.
        "MAX_CONTENT_LENGTH": int(max_mb * 1024 * 1024 * 4 / 3) + 1024 * 1024,
        "CACHE_DIR": os.path.join(instance_path, "cache"),
        # How many proxies (load balancers) stand in front of the app and set X-Forwarded-*.
        "TRUSTED_PROXIES": int(os.environ.get("OVERSIGHT_TRUSTED_PROXIES", "0") or 0),
        "SESSION_IDLE_MINUTES": int(os.environ.get("OVERSIGHT_SESSION_IDLE_MINUTES", "30")),
        "TOKEN_DAYS": os.environ.get("OVERSIGHT_TOKEN_DAYS"),  # checked by auth.token_days
    }
