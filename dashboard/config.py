"""The Flask configuration built from the checked settings (dashboard.settings), with development defaults."""
from __future__ import annotations

import os
import secrets

from data_access.db import default_database_url

from .settings import ConfigError, Settings

__all__ = ["ConfigError", "flask_config"]


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


def flask_config(settings: Settings) -> dict:
    """Flask's settings. In production there is no fallback key: sign-in refuses to start without one."""
    fallback = None if settings.production else _development_secret(settings.instance_path)
    return {
        "ENV": settings.env,
        "SECRET_KEY": settings.secret_key or fallback,
        "DATABASE_URL": settings.database_url or default_database_url(settings.instance_path),
        "REDIS_URL": settings.redis_url,
        "SDC_K": settings.sdc_k,
        "AS_OF": settings.as_of.isoformat() if settings.as_of else None,
        # Uploads arrive base64-encoded inside a callback's JSON (4 bytes for every 3), so the
        # request may be a third larger than the file; the importer checks the file's own size.
        "MAX_CONTENT_LENGTH": int(settings.max_upload_bytes * 4 / 3) + 1024 * 1024,
        "MAX_UPLOAD_BYTES": settings.max_upload_bytes,
        "CACHE_DIR": os.path.join(settings.instance_path, "cache"),
        "TRUSTED_PROXIES": settings.trusted_proxies,
        "SESSION_IDLE_MINUTES": settings.session_idle_minutes,
        "TOKEN_DAYS": settings.token_days,
        "ACCESSIBILITY_CONTACT": settings.accessibility_contact,
    }
