"""Authority names as councils and national bodies write them: each form read, noted, or refused with a hint."""
from __future__ import annotations

import datetime as dt

import pytest
from import_corpus.support import csv_bytes

from data_access.importers import IMPORTED, REJECTED, ImportCommand, describe
from data_access.reference import (
    is_total,
    possessive,
    resolve_authority,
    suggest_authority,
)
from seed_data import programme as P

# (as written, official name, GSS code)
FORMS = [
    ("Edinburgh, City of", "City of Edinburgh", "S12000036"),
    ("City of Edinburgh", "City of Edinburgh", "S12000036"),
    ("Edinburgh City", "City of Edinburgh", "S12000036"),
    ("The City of Edinburgh Council", "City of Edinburgh", "S12000036"),
    ("City of Glasgow", "Glasgow City", "S12000049"),
    ("Glasgow, City of", "Glasgow City", "S12000049"),
    ("Aberdeen City Council", "Aberdeen City", "S12000033"),
    ("Dundee", "Dundee City", "S12000042"),
    ("The Highland Council", "Highland", "S12000017"),
    ("Scottish Borders, The", "Scottish Borders", "S12000026"),
    ("The Scottish Borders Council", "Scottish Borders", "S12000026"),
    ("Eilean Siar", "Na h-Eileanan Siar", "S12000013"),
    ("Na h-Eileanan an Iar", "Na h-Eileanan Siar", "S12000013"),
    ("Western Isles", "Na h-Eileanan Siar", "S12000013"),
    ("Western Isles (Na h-Eileanan Siar)", "Na h-Eileanan Siar", "S12000013"),
    ("Comhairle nan Eilean Siar", "Na h-Eileanan Siar", "S12000013"),
    ("Na h\u2011Eileanan Siar", "Na h-Eileanan Siar", "S12000013"),  # a non-breaking hyphen
    ("Argyll & Bute", "Argyll and Bute", "S12000035"),
    ("Perth & Kinross", "Perth and Kinross", "S12000048"),
    ("Dumfries & Galloway", "Dumfries and Galloway", "S12000006"),
    ("Orkney", "Orkney Islands", "S12000023"),
    ("Orkney Islands Council", "Orkney Islands", "S12000023"),
    ("Shetland", "Shetland Islands", "S12000027"),
    ("East Lothian(2)", "East Lothian", "S12000010"),
    ("East Lothian (2)", "East Lothian", "S12000010"),
    ("Fife*", "Fife", "S12000047"),
    ("Fife \u2020", "Fife", "S12000047"),
    ("Angus[1]", "Angus", "S12000041"),
    ("Moray\u00b9", "Moray", "S12000020"),  # a superscript footnote mark
    ("  WEST   lothian ", "West Lothian", "S12000040"),
    ("north lanarkshire", "North Lanarkshire", "S12000050"),
    ("S12000015", "Fife", "S12000047"),  # the old codes of 2018-2019
    ("S12000046", "Glasgow City", "S12000049"),
    ("S12000044", "North Lanarkshire", "S12000050"),
    ("S12000024", "Perth and Kinross", "S12000048"),
    ("s12000033", "Aberdeen City", "S12000033"),
]


@pytest.mark.parametrize(("written", "name", "code"), FORMS, ids=[f[0] for f in FORMS])
def test_each_published_form_resolves(written, name, code):
    assert resolve_authority(written) == code


def test_each_form_imports_and_is_listed_as_a_note(db, tmp_path):
    """One file holding every form (one per authority and survey-day), imported as one."""
    rows = [["survey", "authority", "date", "responses"]]
    for i, (written, _, _) in enumerate(FORMS):
        rows.append(["staff-survey", written, (dt.date(2024, 8, 20) + dt.timedelta(days=i)).isoformat(), "0"])
    path = tmp_path / "forms.csv"
    path.write_bytes(csv_bytes(rows))

    result = ImportCommand.from_path(db, "survey-responses", path, review=P.GOVERNANCE).run()

    assert result.status == IMPORTED, [describe(p) for p in result.problems]
    for written, name, code in FORMS:
        note = f"read '{written.strip()}' as {name} ({code}): 1 row"
        assert (note in result.notes) is (written != name), note  # the official name itself is not noted


def test_official_names_and_current_codes_are_not_noted(db, tmp_path):
    path = tmp_path / "eligible.csv"
    path.write_bytes(csv_bytes([["survey", "authority", "eligible"], ["staff-survey", "Na h-Eileanan Siar", "900"],
                                ["staff-survey", "S12000047", "9000"], ["staff-survey", " Perth and Kinross ", "900"]]))

    result = ImportCommand.from_path(db, "survey-eligible", path, review=P.GOVERNANCE).run()

    assert result.status == IMPORTED, result.problems
    assert result.notes == []


@pytest.mark.parametrize(("written", "suggestion"), [
    ("Edinbrugh", "City of Edinburgh"), ("Aberdeen Shire", "Aberdeenshire"), ("Clackmananshire", "Clackmannanshire"),
    ("Renfrewshir", "Renfrewshire"), ("Western Iles", "Na h-Eileanan Siar"),
    ("Dumfries and Galoway", "Dumfries and Galloway"),
])
def test_an_unknown_name_close_to_one_gets_did_you_mean(written, suggestion):
    assert resolve_authority(written) is None
    assert suggest_authority(written) == suggestion


@pytest.mark.parametrize("written", ["Atlantis", "Northumberland", "Cardiff", "S12000099", "Lothian and Borders"])
def test_a_name_close_to_none_gets_no_guess(written):
    assert resolve_authority(written) is None
    assert suggest_authority(written) is None


def test_an_unknown_name_in_a_file_says_what_was_probably_meant(db, tmp_path):
    path = tmp_path / "eligible.csv"
    path.write_bytes(csv_bytes([["survey", "authority", "eligible"], ["staff-survey", "Clackmananshire", "900"],
                                ["staff-survey", "Atlantis", "900"]]))

    result = ImportCommand.from_path(db, "survey-eligible", path, review=P.GOVERNANCE).run()

    assert result.status == REJECTED
    assert [p.rule for p in result.problems] == [
        "is not one of Scotland's 32 local authorities; did you mean Clackmannanshire?",
        "is not one of Scotland's 32 local authorities"]


@pytest.mark.parametrize("written", ["Scotland", "SCOTLAND", "Scotland total", "Total", "Grand total",
                                     "All local authorities", "All councils", "S92000003", "Scotland (2)"])
def test_totals_are_recognised(written):
    assert is_total(written)
    assert resolve_authority(written) is None


@pytest.mark.parametrize("written", ["Fife", "Edinburgh, City of", "Orkney"])
def test_authorities_are_not_totals(written):
    assert not is_total(written)


def test_a_total_row_is_skipped_and_reported_not_counted(db, tmp_path):
    path = tmp_path / "eligible.csv"
    path.write_bytes(csv_bytes([["survey", "authority", "eligible"], ["staff-survey", "Fife", "9000"],
                                ["staff-survey", "Scotland", "99999999"], ["staff-survey", "Total", "x"]]))

    result = ImportCommand.from_path(db, "survey-eligible", path, review=P.GOVERNANCE).run()

    assert result.status == IMPORTED, result.problems
    assert result.inserted + result.updated + result.unchanged == 1
    assert "skipped 2 rows for Scotland or a total, not one authority ('Scotland', 'Total': rows 3, 4)" \
        in result.notes


@pytest.mark.parametrize(("name", "written"), [("Scottish Borders", "Scottish Borders'"),
                                               ("Shetland Islands", "Shetland Islands'"), ("Fife", "Fife's"),
                                               ("Na h-Eileanan Siar", "Na h-Eileanan Siar's")])
def test_possessives_are_written_properly(name, written):
    assert possessive(name) == written
