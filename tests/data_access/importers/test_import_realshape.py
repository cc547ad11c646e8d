"""Files shaped like the ones national publishers release: title rows, their own names and dates, totals.

The fixtures in tests/fixtures/realshape/ follow real published files (see ../shared/realdata/):
Public Health Scotland's daily counts by council area (YYYYMMDD dates, `Argyll & Bute`, a code
column), National Records of Scotland's estimates (two title rows, a Scotland row first, `2,332`,
a cp1252 copyright footer) and the Improvement Service's benchmarking files (an unnamed index
column, `Edinburgh City`, `Eilean Siar`).
"""
from __future__ import annotations

import datetime as dt

import pytest
from import_corpus.support import table_checksums, xlsx_bytes
from services import FIXTURES
from sqlalchemy import select

from data_access import models as m
from data_access.importers import IMPORTED, REJECTED, ImportCommand, export_rows
from seed_data import programme as P

REALSHAPE = FIXTURES / "realshape"
RESPONSES = REALSHAPE / "staff_survey_responses_by_council_area.csv"
ELIGIBLE = REALSHAPE / "staff_survey_eligible_nrs_shape.csv"
SCHEDULE = REALSHAPE / "document_return_schedule_lgbf_shape.csv"


def _import(db, kind, path, **kwargs):
    return ImportCommand.from_path(db, kind, path, review=P.GOVERNANCE, username="inspector1", **kwargs).run()


def _daily(db, code: str, day: dt.date) -> int | None:
    with db.reader() as s:
        return s.execute(select(m.SurveyResponseDaily.responses)
                         .join(m.LocalAuthority, m.LocalAuthority.id == m.SurveyResponseDaily.authority_id)
                         .join(m.Survey, m.Survey.id == m.SurveyResponseDaily.survey_id).join(m.Review)
                         .where(m.Review.slug == P.GOVERNANCE, m.LocalAuthority.gss_code == code,
                                m.SurveyResponseDaily.day == day)).scalar()


def test_phs_shaped_daily_responses_import_with_every_reading_noted(db):
    result = _import(db, "survey-responses", RESPONSES)

    assert result.status == IMPORTED, result.problems
    assert result.inserted + result.updated + result.unchanged == 3 * 32 + 1  # Scotland rows are not counted
    assert result.header_row == 4
    notes = result.notes
    assert notes[0].startswith("header found on row 4")
    assert "ignored 2 columns this format does not read: CA (column B), CumulativeResponses (column F)" in notes
    assert "skipped 1 note row below the data (row 106)" in notes
    assert any(n.startswith("skipped 3 rows for Scotland or a total, not one authority ('Scotland': rows 37, 70, 103)")
               for n in notes), notes
    for written, name, code in [("Edinburgh, City of", "City of Edinburgh", "S12000036"),
                                ("Argyll & Bute", "Argyll and Bute", "S12000035"),
                                ("East Lothian(2)", "East Lothian", "S12000010"),
                                ("Fife*", "Fife", "S12000047"), ("City of Glasgow", "Glasgow City", "S12000049"),
                                ("The Highland Council", "Highland", "S12000017"),
                                ("Scottish Borders, The", "Scottish Borders", "S12000026"),
                                ("Shetland", "Shetland Islands", "S12000027")]:
        assert f"read '{written}' as {name} ({code}): 3 rows" in notes
    assert "read 'Orkney' as Orkney Islands (S12000023): 4 rows" in notes
    assert not any("Na h-Eileanan Siar" in n for n in notes)  # the official name needs no note
    assert any(n.startswith("1 row of survey staff-survey arrived after it closed on 4 October 2024 (up to 7 days "
                            "late)") for n in notes), notes
    # 20241004 is read as 4 October 2024, and Orkney's late return is stored.
    assert _daily(db, "S12000047", dt.date(2024, 10, 4)) == (2 * 7 + 28 * 3) % 4
    assert _daily(db, "S12000023", dt.date(2024, 10, 11)) == 1


def test_the_same_file_as_a_workbook_with_date_numbers_reads_the_same(db, tmp_path):
    import csv

    with RESPONSES.open(newline="", encoding="utf-8") as fh:
        grid = [[int(c) if c.isdigit() else c for c in row] for row in csv.reader(fh)]
    assert isinstance(grid[4][0], int)  # 20241002 as a number cell, as Excel keeps it
    path = tmp_path / "responses.xlsx"
    path.write_bytes(xlsx_bytes(grid))

    result = _import(db, "survey-responses", path)

    assert result.status == IMPORTED, result.problems
    assert result.header_row == 4 and len(result.notes) == len(_import(db, "survey-responses", RESPONSES).notes)
    assert _daily(db, "S12000023", dt.date(2024, 10, 11)) == 1


def test_nrs_shaped_eligible_counts_import_from_cp1252_with_a_scotland_row_and_a_footer(db):
    result = _import(db, "survey-eligible", ELIGIBLE)

    assert result.status == IMPORTED, result.problems
    assert (result.inserted, result.updated) == (0, 32)
    assert result.header_row == 3
    assert "ignored 2 columns this format does not read: Code (column A), All staff (column E)" in result.notes
    assert any(n.startswith("skipped 1 row for Scotland or a total") for n in result.notes)
    assert "skipped 1 note row below the data (row 39)" in result.notes
    assert "read 'Western Isles (Na h-Eileanan Siar)' as Na h-Eileanan Siar (S12000013): 1 row" in result.notes
    assert "read 'Edinburgh City' as City of Edinburgh (S12000036): 1 row" in result.notes
    eligible = {r["gss_code"]: r["eligible"] for r in export_rows(db, "survey-eligible", P.GOVERNANCE)[1]}
    text = ELIGIBLE.read_bytes().decode("cp1252")
    assert f'S12000049,Glasgow City,staff-survey,"{eligible["S12000049"]:,}"' in text  # "2,332" read as 2332


def test_strict_mode_refuses_the_columns_an_ordinary_import_ignores(db):
    before = table_checksums(db)

    result = _import(db, "survey-responses", RESPONSES, strict=True)

    assert result.status == REJECTED
    assert {(p.row, p.column) for p in result.problems} == {(4, "CA"), (4, "CumulativeResponses")}
    assert all("is not a column of this format" in p.rule for p in result.problems)
    assert table_checksums(db) == before


def test_a_reissued_schedule_with_blank_completion_dates_keeps_every_recorded_completion(db):
    """The trial's complaint: re-importing a schedule with blank completion dates wiped completions."""
    def completions():
        return {r["gss_code"]: r["completed_on"] for r in export_rows(db, "progress", P.GOVERNANCE)[1]
                if r["milestone"] == "document-return"}

    before = completions()
    assert sum(1 for code in ("S12000036", "S12000013", "S12000026", "S12000010") if before[code]) == 4
    version = db.data_version()

    result = _import(db, "progress", SCHEDULE)

    assert result.status == IMPORTED, result.problems
    assert (result.inserted, result.updated, result.unchanged) == (0, 0, 8)
    assert result.changes == []
    assert completions() == before
    assert db.data_version() == version
    assert "ignored 2 columns this format does not read: column A (no name), FamilyGroup (column F)" in result.notes
    assert any("'All local authorities'" in n for n in result.notes)
    assert "read 'Eilean Siar' as Na h-Eileanan Siar (S12000013): 1 row" in result.notes


@pytest.mark.parametrize("fixture", [RESPONSES, ELIGIBLE, SCHEDULE], ids=lambda p: p.stem)
def test_each_fixture_is_shaped_like_a_published_file(fixture):
    """Guards the fixtures themselves: title rows above the header, publisher names, a total row."""
    text = fixture.read_bytes().decode("cp1252" if fixture == ELIGIBLE else "utf-8")
    first = text.splitlines()[0]
    assert "authority" not in first
    assert any(total in text for total in (",Scotland,", "All local authorities"))
