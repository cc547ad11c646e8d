"""Reading dates and counts as people write them, and the formula escaping that exports share."""
from __future__ import annotations

import datetime as dt

import pytest

from data_access.importers import escape_cell, unescape_cell
from data_access.importers.cells import parse_count, parse_date
from data_access.importers.problems import CellError

SEPT_3 = dt.date(2024, 9, 3)


@pytest.mark.parametrize("value", [
    "2024-09-03", "03/09/2024", "3/9/2024", "03.09.2024", "03-09-2024", "45538", 45538, 45538.0,
    "3 September 2024", "3 Sep 2024", "3rd September 2024", "Tuesday 3 September 2024", "September 3, 2024",
    "Sept 3 2024", " 2024-09-03 ", "2024-09-03 00:00:00", dt.datetime(2024, 9, 3), SEPT_3,
    "20240903", 20240903, 20240903.0, " 20240903 ",  # YYYYMMDD, as Public Health Scotland writes dates
])
def test_dates_people_write_are_read(value):
    assert parse_date(value) == SEPT_3


@pytest.mark.parametrize(("value", "rule"), [
    ("03/09/24", "two-digit year"),
    ("2024/03/09", "year-month-day or year-day-month"),
    ("31/02/2024", "not a real date"),
    ("09/31/2024", "not a real date"),  # a US month-first date is not read day-first by accident
    ("2204-09-03", "outside the years"),
    ("Monday 3 September 2024", "wrong day of the week"),
    ("next Tuesday", "not a date we can read"),
    ("12", "not a date we can read"),
    (45538.5, "time of day"),
    (dt.datetime(2024, 9, 3, 9, 30), "time of day"),
    (100, "looks like a count or a code, not a date"),
    (2024, "looks like the year 2024"),
    ("2024", "the number 2024 looks like the year 2024"),
    (202409, r"looks like a year and month \(September 2024\)"),
    (0.75, "time of day, a fraction or a percentage"),
    (20241302, "eight digits like a YYYYMMDD date, but is not a real one"),
    ("20240931", "eight digits like a YYYYMMDD date"),
    (10**9, "too large to be an Excel date"),
    ("19790826", "outside the years"),
    (True, "not a date"),
])
def test_ambiguous_or_impossible_dates_are_refused(value, rule):
    with pytest.raises(CellError, match=rule):
        parse_date(value)


@pytest.mark.parametrize(("value", "count"), [("0", 0), ("17", 17), (" 4,011 ", 4011), (12.0, 12), (3, 3),
                                              ("+5", 5), ("7.0", 7)])
def test_counts_are_read(value, count):
    assert parse_count(value) == count


@pytest.mark.parametrize(("value", "rule"), [
    ("-1", "negative"), (-4, "negative"), ("12%", "percentage"), ("150%", "percentage"), ("2.5", "fraction"),
    (2.5, "fraction"), ("1,00", "whole number"), ("ten", "whole number"), (True, "whole number"),
    (dt.date(2024, 9, 3), "is a date"), ("99999999999", "too large"),
])
def test_bad_counts_are_refused(value, rule):
    with pytest.raises(CellError, match=rule):
        parse_count(value)


@pytest.mark.parametrize(("text", "escaped"), [
    ("=SUM(A1:A3)", "'=SUM(A1:A3)"), ("+44 131", "'+44 131"), ("-pending", "'-pending"), ("@user", "'@user"),
    ("\tindented", "'\tindented"), ("\rreturn", "'\rreturn"), ("'=already", "''=already"),
    ("Highland", "Highland"), ("", ""), ("'quoted", "'quoted"), ("-5", "-5"), ("+3.25", "+3.25"), ("1e5", "1e5"),
])
def test_text_that_could_run_as_a_formula_gets_a_quote(text, escaped):
    assert escape_cell(text) == escaped
    assert unescape_cell(escaped) == text


@pytest.mark.parametrize("number", [-5, 3.5, 0, -0.25])
def test_numbers_are_never_altered(number):
    assert escape_cell(number) is number


def test_unescape_removes_one_quote_only_before_a_formula_character():
    assert unescape_cell("'=x") == "=x"
    assert unescape_cell("''=x") == "'=x"
    assert unescape_cell("'Tis the season") == "'Tis the season"
    assert unescape_cell(42) == 42
