"""How dates, numbers and rates are written for people: the UK way."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
SUPPRESSED = "c"


def uk_date(value: dt.date | None) -> str:
    """'5 November 2024'."""
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"


def uk_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    local = value.astimezone(LONDON)
    return f"{local.day} {local:%B %Y}, {local:%H:%M}"


def number(value) -> str:
    if value is None or value == SUPPRESSED:
        return SUPPRESSED if value == SUPPRESSED else ""
    return f"{int(value):,}"


def percent(value, digits: int = 0) -> str:
    """A fraction (0..1) as a percentage."""
    if value is None or value == SUPPRESSED:
        return SUPPRESSED if value == SUPPRESSED else "no data"
    try:
        if value != value:  # NaN
            return "no data"
    except TypeError:
        return str(value)
    return f"{100 * float(value):.{digits}f}%"


def plural(n: int, word: str, plural_word: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural_word or word + 's')}"
