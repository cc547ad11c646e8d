"""Every hostile file in the corpus is rejected, names the row and column, and writes no review data."""
from __future__ import annotations

import pytest
from import_corpus.hostile import CASES
from import_corpus.support import audits, batches, table_checksums

from dashboard.settings import load as load_settings
from data_access.importers import REJECTED, ImportCommand, describe, set_max_upload_mb
from data_access.importers.readers import DEFAULT_MAX_UPLOAD_MB


def test_the_corpus_covers_at_least_thirty_rules():
    assert len(CASES) >= 30
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_file_is_rejected_and_changes_nothing(case, db, tmp_path, request):
    path = tmp_path / case.filename
    path.write_bytes(case.build(db))
    if case.env:  # a configured limit, set from the checked settings as the app and the command line do
        set_max_upload_mb(load_settings(case.env).max_upload_mb)
        request.addfinalizer(lambda: set_max_upload_mb(DEFAULT_MAX_UPLOAD_MB))
    before = table_checksums(db)
    version = db.data_version()

    result = ImportCommand.from_path(db, case.kind, path, review=case.review, username="inspector1",
                                     strict=case.strict).run()

    assert result.status == REJECTED
    located = [p for p in result.problems if (p.row, p.column) == (case.row, case.column)]
    assert located, [describe(p) for p in result.problems]
    assert any(case.rule in p.rule for p in located), [describe(p) for p in result.problems]
    line = describe(located[0])
    if case.row is None:
        assert line.startswith("File: ")
    elif case.column is None:
        assert line.startswith(f"Row {case.row}: ")
    else:
        assert line.startswith(f"Row {case.row}, column {case.column}: ")
    assert table_checksums(db) == before
    assert db.data_version() == version
    (batch,) = batches(db)
    assert (batch.status, batch.filename, batch.kind) == ("rejected", case.filename, case.kind)
    assert batch.problems == len(result.problems) > 0
    assert (batch.rows_inserted, batch.rows_updated, batch.data_version) == (0, 0, version)
    assert len(batch.checksum) == 64
    (audit,) = audits(db)
    assert (audit.outcome, audit.username) == ("rejected", "inspector1")


def test_every_problem_is_reported_not_only_the_first(db, tmp_path):
    from import_corpus.support import csv_bytes, exported, set_cell

    grid = exported(db, "progress", "social-work-governance")[:8]
    grid = set_cell(grid, 2, "authority", "Atlantis")
    grid = set_cell(grid, 4, "due_date", "03/09/24")
    grid = set_cell(grid, 7, "completed_on", "yesterday")
    grid = set_cell(grid, 7, "milestone", "tea-break")
    path = tmp_path / "progress.csv"
    path.write_bytes(csv_bytes(grid))

    result = ImportCommand.from_path(db, "progress", path, review="social-work-governance").run()

    assert [(p.row, p.column) for p in result.problems] == [
        (2, "authority"), (4, "due_date"), (7, "completed_on"), (7, "milestone")]
    assert result.problems[0].value == "Atlantis"


@pytest.mark.parametrize(("strict", "expected"), [
    (True, {(1, "Survey"), (1, "authority"), (1, "notes"), (1, "eligible")}),
    (False, {(1, "Survey"), (1, "authority"), (1, "eligible")}),  # an unknown column is only listed
])
def test_file_level_and_header_problems_are_all_listed(db, tmp_path, strict, expected):
    from import_corpus.support import csv_bytes, exported

    grid = [[r[0], r[1], r[3]] for r in exported(db, "survey-eligible", "social-work-governance")[:3]]
    grid[0] = ["Survey", "authority", "authority", "notes"]
    path = tmp_path / "eligible.csv"
    path.write_bytes(csv_bytes(grid))

    result = ImportCommand.from_path(db, "survey-eligible", path, review="social-work-governance",
                                     strict=strict).run()

    assert {(p.row, p.column) for p in result.problems} == expected


def test_entity_declarations_fail_safely_even_past_the_archive_scan(db, tmp_path, monkeypatch):
    """Were the scan for DOCTYPE ever to miss one, openpyxl parses through defusedxml and refuses it."""
    from import_corpus.hostile import workbook_with_entities

    from data_access.importers import readers

    monkeypatch.setattr(readers, "_scan_for_dtd", lambda archive, info: False)
    path = tmp_path / "progress.xlsx"
    path.write_bytes(workbook_with_entities(db))

    result = ImportCommand.from_path(db, "progress", path, review="social-work-governance").run()

    assert result.status == REJECTED
    assert [p.rule for p in result.problems] == ["the workbook declares XML entities or a DOCTYPE: refused"]
