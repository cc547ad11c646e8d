"""Updates change only what a file says: blanks keep stored values, CLEAR empties them, dry runs show the diff."""
from __future__ import annotations

import argparse

import pytest
from import_corpus.support import (
    batches,
    csv_bytes,
    exported,
    find_row,
    set_cell,
    table_checksums,
    table_rows,
    xlsx_bytes,
)

from dashboard import cli_data
from data_access import models as m
from data_access.importers import (
    CHECKED,
    IMPORTED,
    INSERT,
    UPDATE,
    ImportCommand,
    escape_cell,
    export_rows,
)
from data_access.importers.cells import CLEAR
from data_access.importers.csv_safety import unescape_cell
from seed_data import programme as P


def _import(db, kind, path, review=P.GOVERNANCE, **kwargs):
    return ImportCommand.from_path(db, kind, path, review=review, username="inspector1", **kwargs).run()


def _progress(db):
    return {(r["authority"], r["milestone"]): r for r in export_rows(db, "progress", P.GOVERNANCE)[1]}


def _write(tmp_path, grid, suffix=".csv"):
    path = tmp_path / f"file{suffix}"
    path.write_bytes(csv_bytes(grid) if suffix == ".csv" else xlsx_bytes(grid))
    return path


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_blank_completion_dates_keep_the_recorded_completions(db, tmp_path, suffix):
    grid = exported(db, "progress", P.GOVERNANCE)
    done = [n for n in range(2, len(grid) + 1) if grid[n - 1][grid[0].index("completed_on")]][:4]
    for n in done:
        grid = set_cell(grid, n, "completed_on", "" if suffix == ".csv" else None)
    before, version = table_checksums(db), db.data_version()

    result = _import(db, "progress", _write(tmp_path, grid, suffix))

    assert result.status == IMPORTED, result.problems
    assert (result.updated, result.changes) == (0, [])
    assert table_checksums(db) == before and db.data_version() == version


@pytest.mark.parametrize("marker", ["CLEAR", "clear", " Clear "])
def test_clear_empties_a_recorded_completion_and_nothing_else(db, tmp_path, marker):
    grid = exported(db, "progress", P.GOVERNANCE)
    row = find_row(grid, authority="Highland", milestone="briefing")
    recorded = grid[row - 1][grid[0].index("completed_on")]
    assert recorded
    before = _progress(db)

    result = _import(db, "progress", _write(tmp_path, set_cell(grid, row, "completed_on", marker)))

    assert result.status == IMPORTED, result.problems
    assert result.updated == 1
    after = _progress(db)
    assert after[("Highland", "briefing")]["completed_on"] is None
    assert {k: v for k, v in after.items() if k != ("Highland", "briefing")} == \
        {k: v for k, v in before.items() if k != ("Highland", "briefing")}
    (change,) = result.changes
    assert (change.row, change.action, change.key) == (row, UPDATE, "Highland / briefing")
    assert change.cells == (("completed_on", f"{int(recorded[8:])} August 2024", "(blank)"),)


def test_clear_takes_a_milestone_out_of_its_phase_while_blank_keeps_it_in(db, tmp_path):
    grid = exported(db, "timeline", P.GOVERNANCE)
    with_phase = [n for n in range(2, len(grid) + 1)
                  if grid[n - 1][1] == "milestone" and grid[n - 1][grid[0].index("phase_seq")]]
    first, second = with_phase[:2]
    grid = set_cell(set_cell(grid, first, "phase_seq", "CLEAR"), second, "phase_seq", "")

    result = _import(db, "timeline", _write(tmp_path, grid))

    assert result.status == IMPORTED, result.problems
    assert [(c.row, [cell[0] for cell in c.cells]) for c in result.changes] == [(first, ["phase_seq"])]
    rows = {r["code"]: r for r in export_rows(db, "timeline", P.GOVERNANCE)[1] if r["kind"] == "milestone"}
    assert rows[grid[first - 1][3]]["phase_seq"] is None
    assert rows[grid[second - 1][3]]["phase_seq"] is not None


def test_clear_in_a_new_row_is_a_blank_and_a_publication_link_is_kept_or_cleared(db, tmp_path):
    grid = exported(db, "publications", None)
    linked = next(n for n in range(2, len(grid) + 1) if grid[n - 1][3])
    grid = set_cell(grid, linked, "review", "")
    grid.append(["A new leaflet", "2025-02-03", "5", "clear"])
    result = _import(db, "publications", _write(tmp_path, grid), review=None)
    assert result.status == IMPORTED, result.problems
    assert (result.inserted, result.updated) == (1, 0)

    grid = set_cell(grid, linked, "review", "CLEAR")
    result = _import(db, "publications", _write(tmp_path, grid), review=None)
    assert result.updated == 1
    assert result.changes[0].cells[0][0] == "review" and result.changes[0].cells[0][2] == "(blank)"
    assert result.changes[0].cells[0][1] in P.__dict__.values()  # the slug it was linked to, not an id


def test_formula_escaping_leaves_the_clear_marker_alone():
    assert escape_cell(CLEAR) == CLEAR and unescape_cell(CLEAR) == CLEAR
    assert escape_cell("clear") == "clear"


def test_a_dry_run_lists_each_changed_cell_before_and_after_and_each_new_row(db, tmp_path):
    grid = exported(db, "progress", P.GOVERNANCE)
    row = find_row(grid, authority="Scottish Borders", milestone="document-return")
    grid = set_cell(grid, row, "due_date", "20240830")
    grid = set_cell(grid, row, "completed_on", "17/09/2024")
    before = table_checksums(db)

    result = _import(db, "progress", _write(tmp_path, grid), dry_run=True)

    assert result.status == CHECKED
    assert (result.inserted, result.updated, result.unchanged) == (0, 1, len(grid) - 2)
    (change,) = result.changes
    assert change.row == row and change.action == UPDATE
    assert change.cells == (("due_date", "27 August 2024", "30 August 2024"),
                            ("completed_on", "16 September 2024", "17 September 2024"))
    assert table_checksums(db) == before and batches(db) == []


def test_a_dry_run_lists_new_rows(db, tmp_path):
    path = _write(tmp_path, [["title", "published_on", "downloads", "review"], ["Annual summary", "20250401", "7", ""]])
    result = _import(db, "publications", path, review=None, dry_run=True)
    assert [(c.row, c.key, c.action) for c in result.changes] == [(2, "Annual summary / 20250401", INSERT)]


def test_changes_agree_with_the_counts_and_with_the_write(db, tmp_path):
    grid = exported(db, "survey-responses", P.GOVERNANCE)
    for n in (2, 5, 9):
        grid = set_cell(grid, n, "responses", "0")
    rows_before = table_rows(db, m.SurveyResponseDaily)

    result = _import(db, "survey-responses", _write(tmp_path, grid))

    changed = {c.row for c in result.changes if c.action == UPDATE}
    assert changed == {n for n in (2, 5, 9) if grid[n - 1][-1] == "0"} and len(changed) == result.updated == 3
    assert len(rows_before - table_rows(db, m.SurveyResponseDaily)) == 3


def run(db, *argv) -> int:
    parser = argparse.ArgumentParser(prog="oversight")
    cli_data.add_parsers(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args([str(a) for a in argv])
    return args.func(args, db)


def test_the_cli_dry_run_prints_notes_and_the_diff(db, tmp_path, capsys):
    grid = exported(db, "progress", P.GOVERNANCE)
    row = find_row(grid, authority="Scottish Borders", milestone="document-return")
    grid = set_cell(set_cell(grid, row, "completed_on", "17/09/2024"), row, "authority", "Scottish Borders, The")
    grid = [["Progress returns", "", "", "", ""], [""] * 5] + grid

    assert run(db, "import", "progress", _write(tmp_path, grid), "--review", P.GOVERNANCE, "--dry-run") == 0

    out = capsys.readouterr().out.splitlines()
    assert "Note: header found on row 3; the rows above it were read as titles and skipped" in out
    assert "Note: read 'Scottish Borders, The' as Scottish Borders (S12000026): 1 row" in out
    assert "Would change:" in out
    assert (f"  Row {row + 2} (Scottish Borders, The / document-return): "
            "completed_on 16 September 2024 -> 17 September 2024") in out
    assert out[-1].startswith("Dry run of file.csv (progress, social-work-governance): would import with 0 inserted, "
                              "1 updated")


def test_the_cli_strict_flag_refuses_extra_columns(db, tmp_path, capsys):
    grid = [r + ["chased"] for r in exported(db, "progress", P.GOVERNANCE)]
    grid[0][-1] = "notes"
    path = _write(tmp_path, grid)

    assert run(db, "import", "progress", path, "--review", P.GOVERNANCE, "--dry-run") == 0
    assert "Note: ignored 1 column this format does not read: notes (column F)" in capsys.readouterr().out
    assert run(db, "import", "progress", path, "--review", P.GOVERNANCE, "--strict") == 1
    assert "Row 1, column notes: 'notes' is not a column of this format" in capsys.readouterr().out


@pytest.mark.parametrize("with_report", [False, True])
def test_add_report_is_suggested_only_when_no_report_is_being_written(db, tmp_path, capsys, with_report):
    grid = exported(db, "progress", P.GOVERNANCE)
    grid = [grid[0]] + [set_cell([grid[0], r], 2, "due_date", "soon")[1] for r in grid[1:]]
    report = tmp_path / "problems.csv"
    argv = ["import", "progress", _write(tmp_path, grid), "--review", P.GOVERNANCE]

    assert run(db, *argv, *(["--report", report] if with_report else [])) == 1

    out = capsys.readouterr().out
    assert "... and 92 more problems" in out
    assert ("add --report" in out) is not with_report
    if with_report:
        assert f"the report {report} lists them all" in out and report.exists()


def test_a_response_total_over_the_eligible_population_names_the_authority_with_a_proper_possessive(db, tmp_path):
    grid = [["survey", "authority", "date", "responses"], ["staff-survey", "Scottish Borders", "2024-10-04", "99999"]]
    result = _import(db, "survey-responses", _write(tmp_path, grid))
    assert any(p.rule.startswith("brings Scottish Borders' responses to survey staff-survey") for p in result.problems)
