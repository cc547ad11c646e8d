"""Date filters are written dd/mm/yyyy whatever the browser's locale, and read either way."""
from __future__ import annotations

import datetime as dt

import pytest

from dashboard.ui.filters import date_range_inputs, parse_date, parse_range, uk_input_date


@pytest.mark.parametrize("typed,expected", [
    ("27/03/2024", dt.date(2024, 3, 27)), ("1/3/2024", dt.date(2024, 3, 1)), (" 01.03.2024 ", dt.date(2024, 3, 1)),
    ("2024-03-27", dt.date(2024, 3, 27)), ("31/02/2024", None), ("03/27/2024", None), ("yesterday", None),
    ("", None), (None, None)])
def test_dates_are_read_the_uk_way_or_from_the_query_string(typed, expected):
    assert parse_date(typed) == expected


def test_a_range_typed_the_uk_way_is_turned_round_when_given_back_to_front():
    assert parse_range("30/09/2024", "01/05/2024") == (dt.date(2024, 5, 1), dt.date(2024, 9, 30))


def test_the_inputs_are_text_fields_showing_dd_mm_yyyy_with_the_format_in_their_label():
    start, end = date_range_inputs("x", "2024-05-01", None)
    field = start.children[-1]
    assert field.type == "text" and field.value == "01/05/2024" and field.inputMode == "numeric"
    assert end.children[-1].value == ""
    assert "dd/mm/yyyy" in repr(start.children[0]) and start.children[0].html_for == "x-start"
    assert uk_input_date("2024-12-25") == "25/12/2024"
