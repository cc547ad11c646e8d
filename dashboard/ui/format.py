"""How dates, numbers and rates are written for people: the UK way."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from data_access.disclosure import exact, is_suppressed
from data_access.reference import in_words, join_names, plural, possessive, word_for  # noqa: F401 - the one pluralising helper, re-exported for pages

LONDON = ZoneInfo("Europe/London")
SUPPRESSED_MARK = "c"  # how a value withheld by disclosure control is written for people


def uk_date(value: dt.date | None) -> str:
    """'5 November 2024'."""
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"


def uk_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    local = value.astimezone(LONDON)
    return f"{local.day} {local:%B %Y}, {local:%H:%M}"


def number(value) -> str:
    """A count for people: '1,234', 'c' when suppressed, '' when missing."""
    if is_suppressed(value):
        return SUPPRESSED_MARK
    return f"{int(value):,}" if exact(value) else ""


def percent(value, digits: int = 0) -> str:
    """A fraction (0..1) as a percentage: '37%', 'c' when suppressed, 'no data' when missing."""
    if is_suppressed(value):
        return SUPPRESSED_MARK
    if not exact(value):
        return "no data"
    return f"{100 * float(value):.{digits}f}%"


def cell(value):
    """A value as a table cell or CSV field for people: suppressed as 'c', missing as None."""
    if is_suppressed(value):
        return SUPPRESSED_MARK
    if value is None or (not isinstance(value, str) and not exact(value) and not isinstance(value, dt.date)):
        return None
    return value


def area_in_text(label: str) -> str:
    """An area's label inside a sentence: 'Scotland', 'Family group 2', 'the four areas surveyed'."""
    if label == "Scotland" or label.startswith("Family group"):
        return label
    return "the " + label[0].lower() + label[1:]
