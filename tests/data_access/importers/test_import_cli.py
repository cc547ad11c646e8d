"""`oversight import`, `export` and `template` as an operator runs them: exit codes, reports, files."""
from __future__ import annotations

import argparse
import csv

import pytest
from import_corpus.support import audits, batches, csv_bytes, exported, set_cell, table_checksums
from openpyxl import load_workbook

from dashboard import cli_data
from data_access.importers import export_rows
from seed_data import programme as P


def run(db, *argv) -> int:
    parser = argparse.ArgumentParser(prog="oversight")
    cli_data.add_parsers(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args([str(a) for a in argv])
    return args.func(args, db)


def test_import_exits_0_and_summarises(db, tmp_path, capsys):
    path = tmp_path / "progress.csv"
    assert run(db, "export", "progress", path, "--review", P.GOVERNANCE) == 0
    assert run(db, "import", "progress", path, "--review", P.GOVERNANCE) == 0
    out = capsys.readouterr().out
    assert "Imported progress.csv (progress, social-work-governance): 0 inserted, 0 updated, 192 unchanged; " \
           "nothing changed, data version stays 1." in out


def test_a_rejected_import_exits_1_with_a_readable_report_and_a_csv_report(db, tmp_path, capsys):
    grid = exported(db, "progress", P.GOVERNANCE)
    grid = set_cell(grid, 7, "authority", "Edinbrugh")
    grid = set_cell(grid, 9, "due_date", "03/09/24")
    path, report = tmp_path / "progress.csv", tmp_path / "problems.csv"
    path.write_bytes(csv_bytes(grid))
    before = table_checksums(db)

    code = run(db, "import", "progress", path, "--review", P.GOVERNANCE, "--report", report)

    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert out[0] == ("Row 7, column authority: 'Edinbrugh' is not one of Scotland's 32 local authorities; "
                      "did you mean City of Edinburgh?")
    assert out[1].startswith("Row 9, column due_date: '03/09/24' has a two-digit year")
    assert out[2] == ("Rejected progress.csv (progress, social-work-governance): 2 problems in 2 rows. "
                      "Nothing was written; the attempt is recorded.")
    with open(report, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["row", "column", "value", "rule"]
    assert rows[1] == ["7", "authority", "Edinbrugh",
                       "is not one of Scotland's 32 local authorities; did you mean City of Edinburgh?"]
    assert [r[:3] for r in rows[2:]] == [["9", "due_date", "03/09/24"]]
    assert table_checksums(db) == before
    assert [b.status for b in batches(db)] == ["rejected"]
    assert [(a.outcome, a.action) for a in audits(db)] == [("rejected", "import")]


def test_the_report_csv_escapes_formulas_in_values(db, tmp_path):
    grid = set_cell(exported(db, "progress", P.GOVERNANCE), 2, "authority", "=HYPERLINK(\"http://x\")")
    path, report = tmp_path / "progress.csv", tmp_path / "problems.csv"
    path.write_bytes(csv_bytes(grid))

    assert run(db, "import", "progress", path, "--review", P.GOVERNANCE, "--report", report) == 1

    with open(report, encoding="utf-8-sig", newline="") as fh:
        assert list(csv.reader(fh))[1][2] == "'=HYPERLINK(\"http://x\")"


def test_terminal_output_cannot_carry_control_sequences(db, tmp_path, capsys):
    grid = set_cell(exported(db, "progress", P.GOVERNANCE), 2, "milestone", "\u202eesrever")
    path = tmp_path / "progress.csv"
    path.write_bytes(csv_bytes(grid))

    assert run(db, "import", "progress", path, "--review", P.GOVERNANCE) == 1

    assert "'\\u202eesrever' is not a milestone" in capsys.readouterr().out


def test_dry_run_exits_0_and_writes_nothing(db, tmp_path, capsys):
    grid = set_cell(exported(db, "themes", P.GOVERNANCE), 2, "tally", "99")
    path = tmp_path / "themes.csv"
    path.write_bytes(csv_bytes(grid))
    before = table_checksums(db)

    assert run(db, "import", "themes", path, "--review", P.GOVERNANCE, "--dry-run") == 0

    assert "Dry run of themes.csv (themes, social-work-governance): would import with 0 inserted, 1 updated" \
        in capsys.readouterr().out
    assert table_checksums(db) == before
    assert batches(db) == []


def test_a_rejected_dry_run_exits_1(db, tmp_path):
    path = tmp_path / "themes.csv"
    path.write_bytes(csv_bytes(set_cell(exported(db, "themes", P.GOVERNANCE), 2, "tally", "-1")))
    assert run(db, "import", "themes", path, "--review", P.GOVERNANCE, "--dry-run") == 1
    assert batches(db) == []


@pytest.mark.parametrize("argv", [
    ["import", "progress", "{tmp}/missing.csv", "--review", P.GOVERNANCE],
    ["import", "progress", "{tmp}", "--review", P.GOVERNANCE],
    ["import", "progress", "{tmp}/ok.csv"],
    ["import", "progress", "{tmp}/ok.csv", "--review", "annual-review"],
    ["import", "progress", "{tmp}/ok.csv", "--review", P.GOVERNANCE, "--report", "{tmp}/no/such/folder/r.csv"],
    ["export", "themes", "{tmp}/themes.csv"],
    ["export", "themes", "{tmp}/themes.csv", "--review", "annual-review"],
    ["export", "themes", "{tmp}/themes.json", "--review", P.GOVERNANCE],
    ["export", "publications", "{tmp}/no/such/folder/p.csv"],
    ["template", "progress", "{tmp}/progress.ods"],
], ids=["missing-file", "a-folder", "no-review", "unknown-review", "report-folder-missing",
        "export-no-review", "export-unknown-review", "export-suffix", "export-folder-missing", "template-suffix"])
def test_usage_errors_exit_2_and_record_nothing(db, tmp_path, capsys, argv):
    (tmp_path / "ok.csv").write_bytes(csv_bytes(exported(db, "progress", P.GOVERNANCE)))
    before = table_checksums(db)

    assert run(db, *[a.replace("{tmp}", str(tmp_path)) for a in argv]) == 2

    assert capsys.readouterr().err.startswith("oversight: ")
    assert batches(db) == [] and audits(db) == []
    assert table_checksums(db) == before


def test_an_unknown_kind_is_a_usage_error(db, tmp_path):
    with pytest.raises(SystemExit) as exit_:
        run(db, "import", "inspections", tmp_path / "x.csv", "--review", P.GOVERNANCE)
    assert exit_.value.code == 2


def test_a_database_without_the_schema_is_a_usage_error(tmp_path, capsys):
    from data_access.db import Database

    empty = Database(f"sqlite:///{tmp_path}/empty.sqlite3")
    path = tmp_path / "p.csv"
    path.write_text("title,published_on,downloads,review\nGuide,2024-01-01,3,\n")
    assert run(empty, "import", "publications", path) == 2
    assert "oversight init-db" in capsys.readouterr().err
    empty.dispose()


@pytest.mark.parametrize("kind", ["timeline", "progress", "survey-eligible", "survey-responses", "themes",
                                  "publications"])
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_template_is_the_header_and_one_example_row_that_imports(db, tmp_path, kind, suffix):
    path = tmp_path / f"{kind}{suffix}"
    assert run(db, "template", kind, path) == 0
    if suffix == ".csv":
        with open(path, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
    else:
        rows = [list(r) for r in load_workbook(path, read_only=True).worksheets[0].iter_rows(values_only=True)]
    assert tuple(rows[0]) == export_rows(db, kind, P.GOVERNANCE)[0]
    assert len(rows) == 2
    review = [] if kind == "publications" else ["--review", P.GOVERNANCE]
    assert run(db, "import", kind, path, *review, "--dry-run") == 0


def test_export_escapes_formula_text_and_import_restores_it(db, tmp_path):
    grid = exported(db, "timeline", P.GOVERNANCE)
    grid = set_cell(grid, 6, "name", "=1+2 (briefing)")
    grid = set_cell(grid, 7, "name", "'@sum plan")
    source = tmp_path / "timeline.csv"
    source.write_bytes(csv_bytes(grid))
    assert run(db, "import", "timeline", source, "--review", P.GOVERNANCE) == 0
    names = [r["name"] for r in export_rows(db, "timeline", P.GOVERNANCE)[1]]
    assert "=1+2 (briefing)" in names and "@sum plan" in names

    csv_path, xlsx_path = tmp_path / "again.csv", tmp_path / "again.xlsx"
    assert run(db, "export", "timeline", csv_path, "--review", P.GOVERNANCE) == 0
    assert run(db, "export", "timeline", xlsx_path, "--review", P.GOVERNANCE) == 0

    text = csv_path.read_text(encoding="utf-8-sig")
    assert "'=1+2 (briefing)" in text and "'@sum plan" in text and ",=" not in text
    cells = [c for row in load_workbook(xlsx_path).worksheets[0].iter_rows() for c in row]
    assert "'=1+2 (briefing)" in [c.value for c in cells]
    assert all(c.data_type != "f" for c in cells)
    for path in (csv_path, xlsx_path):
        version = db.data_version()
        assert run(db, "import", "timeline", path, "--review", P.GOVERNANCE) == 0
        assert db.data_version() == version


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_encodings_are_read(db, tmp_path, encoding):
    path = tmp_path / "publications.csv"
    text = "title,published_on,downloads,review\r\nCarers’ guide – 2025 edition,2025-01-06,7,\r\n"
    path.write_bytes(text.encode(encoding))

    assert run(db, "import", "publications", path) == 0

    titles = [r["title"] for r in export_rows(db, "publications")[1]]
    assert "Carers’ guide – 2025 edition" in titles


def test_the_progress_bar_stays_off_when_stderr_is_not_a_terminal():
    bar = cli_data._progress(list(range(cli_data.PROGRESS_FROM_ROWS * 2)))
    assert bar.disable is True
