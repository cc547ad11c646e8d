"""Every OVERSIGHT_* setting, declared once with its default, type and help, read and checked at start-up.

This is the only module that reads the environment. A malformed value stops the app (or the
command) with a plain message naming the variable; the rest of the code receives plain values.
"""
from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    """The app cannot start with these settings."""


def _text(value: str) -> str:
    return value.strip()


def _email(value: str) -> str:
    value = value.strip()
    local, at, domain = value.partition("@")
    if not (local and at and "." in domain) or any(c.isspace() for c in value):
        raise ValueError("must be an email address like accessibility@example.gov.uk")
    return value


def _env(value: str) -> str:
    value = value.strip().lower()
    if value not in ("development", "production"):
        raise ValueError("must be development or production")
    return value


def _positive_number(value: str) -> float:
    number = float(value)
    if not number > 0:
        raise ValueError("must be a number above 0")
    return number


def _whole(low: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        number = int(value.strip())
        if number < low:
            raise ValueError(f"must be a whole number of at least {low}")
        return number
    return parse


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError("must be a date like 2024-10-01") from None


@dataclass(frozen=True)
class Setting:
    name: str
    default: str | None
    parse: Callable[[str], object]
    help: str


SETTINGS = (
    Setting("OVERSIGHT_ENV", "development", _env, "development or production"),
    Setting("OVERSIGHT_DATABASE_URL", None, _text, "SQLAlchemy URL; default: a SQLite file in the instance folder"),
    Setting("OVERSIGHT_REDIS_URL", None, _text, "Redis URL for the shared cache and sign-in throttle"),
    Setting("OVERSIGHT_SECRET_KEY", None, _text, "signs sessions and cache entries; required in production"),
    Setting("OVERSIGHT_SDC_K", "5", _whole(2), "disclosure control threshold: counts 1 to k-1 are suppressed"),
    Setting("OVERSIGHT_AS_OF", None, _date, "the date the dashboard treats as today; default: the stored date"),
    Setting("OVERSIGHT_MAX_UPLOAD_MB", "20", _positive_number, "largest file accepted for import, in MB"),
    Setting("OVERSIGHT_TOKEN_DAYS", "90", _whole(1), "days an API token stays valid"),
    Setting("OVERSIGHT_TRUSTED_PROXIES", "0", _whole(0), "how many proxies in front of the app set X-Forwarded-*"),
    Setting("OVERSIGHT_SESSION_IDLE_MINUTES", "30", _whole(1), "minutes of inactivity before a session ends"),
    Setting("OVERSIGHT_INSTANCE_PATH", None, _text, "folder for the SQLite file, cache and development key"),
    Setting("OVERSIGHT_ACCESSIBILITY_CONTACT", None, _email,
            "email address the accessibility statement gives for reports and other formats"),
)


@dataclass(frozen=True)
class Settings:
    env: str
    database_url: str | None
    redis_url: str | None
    secret_key: str | None
    sdc_k: int
    as_of: dt.date | None
    max_upload_mb: float
    token_days: int
    trusted_proxies: int
    session_idle_minutes: int
    accessibility_contact: str | None
    instance_path: str

    @property
    def production(self) -> bool:
        return self.env == "production"

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)


def load(environ: Mapping[str, str] | None = None) -> Settings:
    """Read and check every setting; a ConfigError names the first variable that is wrong."""
    environ = os.environ if environ is None else environ
    values = {}
    for setting in SETTINGS:
        raw = environ.get(setting.name)
        raw = setting.default if raw is None or not raw.strip() else raw
        key = setting.name.removeprefix("OVERSIGHT_").lower()
        if raw is None:
            values[key] = None
            continue
        try:
            values[key] = setting.parse(raw)
        except ValueError as exc:
            reason = str(exc) if "must" in str(exc) else f"is not a valid value ({setting.help})"
            raise ConfigError(f"{setting.name} {reason}, not {raw!r}") from None
    values["instance_path"] = values["instance_path"] or str(ROOT / "instance")
    return Settings(**values)
