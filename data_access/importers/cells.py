"""Reading one cell's value: dates, counts, yes/no, codes. Each raises CellError with the rule."""
from __future__ import annotations

import datetime as dt
import re

from .problems import CellError

EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 is 1900-01-01 in Excel's (leap-year-bugged) count
EARLIEST = dt.date(1990, 1, 1)
LATEST = dt.date(2100, 12, 31)
_SERIAL_MIN = (EARLIEST - EXCEL_EPOCH).days
_SERIAL_MAX = (LATEST - EXCEL_EPOCH).days

_MONTHS = {
    name: i
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")],
        start=1,
    )
    for name in names
}
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4})$")
_SHORT_YEAR = re.compile(r"^\d{1,2}([/.\-])\d{1,2}\1\d{2}$")
_YEAR_FIRST_OTHER = re.compile(r"^\d{4}([/.])\d{1,2}\1\d{1,2}$")
_SERIAL = re.compile(r"^\d{5}(?:\.0+)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:\.0+)?$")  # 20200826, as Public Health Scotland writes dates
_DIGITS = re.compile(r"^\d+(?:\.\d+)?$")
_DAY_MONTH_YEAR = re.compile(r"^(?:[a-z]+,? )?(\d{1,2})(?:st|nd|rd|th)? ([a-z]+)\.?,? (\d{4})$")
_MONTH_DAY_YEAR = re.compile(r"^(?:[a-z]+,? )?([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})$")
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
             "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"}
_HOW = "write dates as 2024-09-03, 03/09/2024 or 20240903"
CLEAR = "CLEAR"  # the word that empties an optional cell on update; a blank cell leaves it as it is


def uk_date(day: dt.date) -> str:
    """A date the way the product writes it: 5 November 2024."""
    return f"{day.day} {day:%B %Y}"


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def is_clear(value) -> bool:
    """Whether a cell holds the marker word that empties a stored value (any case)."""
    return isinstance(value, str) and value.strip().upper() == CLEAR


def _in_range(day: dt.date) -> dt.date:
    if not EARLIEST <= day <= LATEST:
        raise CellError(f"{uk_date(day)} is outside the years {EARLIEST.year}-{LATEST.year}: is the year a typo?")
    return day


def _make(year: int, month: int, day: int) -> dt.date:
    try:
        made = dt.date(year, month, day)
    except ValueError:
        raise CellError(f"is not a real date ({_HOW})") from None
    return _in_range(made)


def _from_compact(text: str) -> dt.date | None:
    """A YYYYMMDD date such as 20200826, or None when the eight digits are not one."""
    m = _COMPACT.match(text)
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _what_number(number: float) -> str:
    """What a number that is not a date looks like, so the message can say so."""
    if number != int(number):
        if 0 < number < 1:
            return "looks like a time of day, a fraction or a percentage, not a date"
        return "is a number with a fraction, not a date"
    n = int(number)
    if EARLIEST.year <= n <= LATEST.year:
        return f"looks like the year {n}, not a whole date"
    if 100000 <= n <= 999999 and 1 <= n % 100 <= 12 and EARLIEST.year <= n // 100 <= LATEST.year:
        month = dt.date(n // 100, n % 100, 1)
        return f"looks like a year and month ({month:%B %Y}): give the day too"
    if 10_000_000 <= n <= 99_999_999:
        return "has eight digits like a YYYYMMDD date, but is not a real one"
    if n < _SERIAL_MIN:
        return "looks like a count or a code, not a date"
    return f"is too large to be an Excel date number between {EARLIEST.year} and {LATEST.year}"


def _from_number(number: float) -> dt.date:
    if number == int(number) and (compact := _from_compact(str(int(number)))):
        return _in_range(compact)
    if _SERIAL_MIN <= number <= _SERIAL_MAX:
        if number != int(number):
            raise CellError("is an Excel date-and-time number with a time of day: give a date only")
        return EXCEL_EPOCH + dt.timedelta(days=int(number))
    raise CellError(_what_number(number))


def parse_date(value) -> dt.date:
    """ISO (2024-09-03), UK day-first (03/09/2024), YYYYMMDD (20240903), Excel serials and date cells,
    '3 September 2024'.

    Forms that could be read two ways are refused: two-digit years (03/09/24) and year-first
    dates with slashes or dots (2024/03/09), as are US month-first numeric dates.
    """
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0, 0):
            raise CellError("has a time of day: give a date only")
        return _in_range(value.date())
    if isinstance(value, dt.date):
        return _in_range(value)
    if isinstance(value, bool):
        raise CellError(f"is not a date ({_HOW})")
    if isinstance(value, (int, float)):
        if value != value or value in (float("inf"), float("-inf")):
            raise CellError(f"is not a date ({_HOW})")
        return _in_range(_from_number(value))
    text = re.sub(r"\s+", " ", str(value).strip()).lower()
    if m := _ISO.match(text):
        return _make(int(m[1]), int(m[2]), int(m[3]))
    if m := _DAY_FIRST.match(text):
        return _make(int(m[4]), int(m[3]), int(m[1]))
    if _SHORT_YEAR.match(text):
        raise CellError(f"has a two-digit year, which could be read more than one way ({_HOW})")
    if _YEAR_FIRST_OTHER.match(text):
        raise CellError(f"could be read as year-month-day or year-day-month ({_HOW})")
    if _SERIAL.match(text) or _COMPACT.match(text):
        return _in_range(_from_number(float(text)))
    if _DIGITS.match(text):
        raise CellError(f"is not a date we can read: the number {text} {_what_number(float(text))} ({_HOW})")
    for pattern, order in ((_DAY_MONTH_YEAR, "dmy"), (_MONTH_DAY_YEAR, "mdy")):
        m = pattern.match(text)
        if not m:
            continue
        prefix = text.split(" ")[0].rstrip(",")
        if text.count(" ") == 3 and prefix not in _WEEKDAYS:
            continue
        day_s, month_s, year_s = (m[1], m[2], m[3]) if order == "dmy" else (m[2], m[1], m[3])
        month = _MONTHS.get(month_s)
        if month:
            made = _make(int(year_s), month, int(day_s))
            if prefix in _WEEKDAYS and text.count(" ") == 3 and not f"{made:%A}".lower().startswith(prefix[:3]):
                raise CellError(f"names the wrong day of the week: {uk_date(made)} is a {made:%A}")
            return made
    raise CellError(f"is not a date we can read ({_HOW})")


def parse_optional_date(value) -> dt.date | None:
    return None if is_blank(value) else parse_date(value)


_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+$")


def parse_count(value, *, allow_zero: bool = True) -> int:
    """A whole number of things (people, responses, downloads): never negative, never a percentage."""
    if isinstance(value, bool):
        raise CellError("must be a whole number")
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise CellError("must be a whole number")
        if value != int(value):
            raise CellError("must be a whole number, not a fraction")
        value = int(value)
    if isinstance(value, int):
        number = value
    elif isinstance(value, (dt.date, dt.datetime)):
        raise CellError("is a date, but this column takes a whole number")
    else:
        text = str(value).strip().replace(" ", "")
        if text.endswith("%"):
            raise CellError("is a percentage, but this column takes a count of people or things")
        if _GROUPED.match(text):
            text = text.replace(",", "")
        if re.fullmatch(r"[+-]?\d+", text):
            number = int(text)
        elif re.fullmatch(r"[+-]?\d+\.0*", text):
            number = int(float(text))
        elif re.fullmatch(r"[+-]?(\d+\.\d*|\.\d+)", text):
            raise CellError("must be a whole number, not a fraction")
        else:
            raise CellError("must be a whole number")
    if number < 0:
        raise CellError("is negative: a count cannot be below zero")
    if number == 0 and not allow_zero:
        raise CellError("must be 1 or more")
    if number > 2_000_000_000:
        raise CellError("is too large to be a real count")
    return number


def parse_text(value, *, max_length: int) -> str:
    text = re.sub(r"\s+", " ", str(value).strip()) if not isinstance(value, (dt.date, dt.datetime)) else None
    if text is None:
        raise CellError("is a date, but this column takes text")
    if isinstance(value, float) and value == int(value):
        text = str(int(value))
    if len(text) > max_length:
        raise CellError(f"is {len(text)} characters long; at most {max_length} fit")
    return text


def parse_code(value, *, max_length: int = 60) -> str:
    """A code as written in exports: the codes are lower case, so case is ignored when matching."""
    return parse_text(value, max_length=max_length).lower()


def parse_choice(value, choices: tuple[str, ...]) -> str:
    text = re.sub(r"\s+", " ", str(value).strip()).lower()
    if text not in choices:
        raise CellError("must be one of: " + ", ".join(choices))
    return text


_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


def parse_yes_no(value) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellError("must be yes or no")


def shown(value) -> str:
    """A cell's value as the user typed it, for the report."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and value.time() == dt.time(0, 0):
        return value.date().isoformat()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value)
