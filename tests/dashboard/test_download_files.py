"""Writing a table for a spreadsheet: tidy values, formula escaping in CSV and XLSX alike."""
from __future__ import annotations

import datetime as dt
import io

import pandas as pd
from openpyxl import load_workbook

from dashboard.download_files import csv_text, header_value, tidy, xlsx_bytes
from data_access.disclosure import SUPPRESSED


def test_values_are_written_as_a_spreadsheet_user_expects():
    frame = pd.DataFrame({"Area": ["City of Edinburgh", "Scotland", "Family group 1"],
                          "Responses": [36.0, SUPPRESSED, float("nan")], "Zero": [0, 0.0, 0],
                          "Day": [dt.date(2024, 10, 1), pd.NaT, None]})
    out = tidy(frame)
    assert list(out.columns) == ["Area", "GSS code", "Responses", "Zero", "Day"]
    assert list(out["GSS code"]) == ["S12000036", "S92000003", None]
    assert list(out.Responses) == [36, "c", None] and list(out.Zero) == [0, 0, 0]
    text = csv_text(out)
    assert text.splitlines()[1] == "City of Edinburgh,S12000036,36,0,2024-10-01"
    assert text.splitlines()[2] == "Scotland,S92000003,c,0,"


def test_formula_text_is_escaped_in_csv_and_xlsx():
    frame = tidy(pd.DataFrame({"Note": ["=HYPERLINK(A1)", "+1+1", "-5", "@SUM(A1)"], "N": [1, 2, 3, 4]}))
    lines = csv_text(frame).splitlines()
    assert lines[1].startswith("'=HYPERLINK") and lines[2].startswith("'+1+1") and lines[3] == "-5,3"
    book = load_workbook(io.BytesIO(xlsx_bytes(frame, {"Title": "=cmd"})))
    cells = [c.value for c in book["Data"]["A"]]
    assert cells[1].startswith("'=") and cells[4] == "'@SUM(A1)"
    assert all(c.data_type != "f" for row in book["Data"].iter_rows() for c in row)
    assert book["About"]["B2"].value == "'=cmd"


def test_header_values_are_one_latin1_line():
    assert header_value("Joint inspection \u2013 children\nat risk \u2713") == "Joint inspection - children at risk ?"
