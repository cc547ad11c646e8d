"""Export then import: nothing changes; edit one cell and exactly that row changes."""
from __future__ import annotations

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

from data_access import models as m
from data_access.importers import (
    CHECKED,
    IMPORTED,
    ImportCommand,
    export_kind,
    export_rows,
)
from seed_data import programme as P

REVIEWS = [P.JOINT, P.CEYP, P.QI64, P.GOVERNANCE]
KIND_REVIEWS = [(kind, review) for kind in ("timeline", "progress", "survey-eligible", "survey-responses", "themes")
                for review in REVIEWS] + [("publications", None)]


@pytest.fixture
def import_db_url(any_url):
    """Round trips run on SQLite and on PostgreSQL: the writes must agree on both."""
    return any_url


def _import(db, kind, path, review, **kwargs):
    return ImportCommand.from_path(db, kind, path, review=review, username="inspector1", **kwargs).run()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize(("kind", "review"), KIND_REVIEWS, ids=[f"{k}-{r}" for k, r in KIND_REVIEWS])
def test_export_then_import_changes_nothing(db, tmp_path, kind, review, suffix):
    path = tmp_path / f"{kind}{suffix}"
    written = export_kind(db, kind, path, review)
    before, version = table_checksums(db), db.data_version()

    result = _import(db, kind, path, review)

    assert result.status == IMPORTED, result.problems
    assert written > 0
    assert (result.inserted, result.updated, result.unchanged) == (0, 0, written)
    assert table_checksums(db) == before
    assert db.data_version() == version
    (batch,) = batches(db)
    assert (batch.status, batch.rows_unchanged, batch.data_version) == ("imported", written, version)


# (kind, review, table, the row to edit as cell values, column, new value)
EDITS = [
    ("timeline", P.GOVERNANCE, m.Milestone, {"code": "briefing"}, "name", "Briefing session attended"),
    ("timeline", P.QI64, m.Phase, {"kind": "phase", "seq": "2"}, "actual_end", "2025-04-30"),
    ("progress", P.GOVERNANCE, m.AuthorityMilestone, {"authority": "Highland", "milestone": "briefing"},
     "completed_on", "2024-08-20"),
    ("survey-eligible", P.CEYP, m.SurveyEligible, {"survey": "young-people", "authority": "Shetland Islands"},
     "eligible", "60"),
    ("survey-responses", P.GOVERNANCE, m.SurveyResponseDaily,
     {"authority": "Angus", "date": "2024-08-19"}, "responses", "1"),
    ("themes", P.JOINT, m.ThemeTally, {}, "tally", "40"),
    ("publications", None, m.Publication, {"title": "Shout out to carers"}, "downloads", "3458"),
]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("edit", EDITS, ids=[f"{e[0]}-{e[4]}" for e in EDITS])
def test_editing_one_cell_changes_exactly_that_row(db, tmp_path, edit, suffix):
    kind, review, model, match, column, value = edit
    grid = exported(db, kind, review)
    row = find_row(grid, **match)
    assert grid[row - 1][grid[0].index(column)] != value
    grid = set_cell(grid, row, column, value)
    path = tmp_path / f"edited{suffix}"
    path.write_bytes(csv_bytes(grid) if suffix == ".csv" else xlsx_bytes(grid))
    rows_before, version = table_rows(db, model), db.data_version()
    others_before = {k: v for k, v in table_checksums(db).items()
                     if k not in (model.__tablename__, "survey_response_total")}

    result = _import(db, kind, path, review)

    assert result.status == IMPORTED, result.problems
    assert (result.inserted, result.updated, result.unchanged) == (0, 1, len(grid) - 2)
    rows_after = table_rows(db, model)
    assert len(rows_before - rows_after) == 1 and len(rows_after - rows_before) == 1
    assert {k: v for k, v in table_checksums(db).items() if k in others_before} == others_before
    assert db.data_version() == version + 1
    assert batches(db)[-1].data_version == version + 1


def test_editing_responses_refreshes_the_authority_total(db, tmp_path):
    from sqlalchemy import select

    grid = exported(db, "survey-responses", P.GOVERNANCE)
    row = find_row(grid, authority="Angus", date="2024-08-19")
    old = int(grid[row - 1][grid[0].index("responses")])
    path = tmp_path / "responses.csv"
    path.write_bytes(csv_bytes(set_cell(grid, row, "responses", str(old - 1))))
    with db.reader() as s:
        total = select(m.SurveyResponseTotal.responses).join(
            m.LocalAuthority, m.LocalAuthority.id == m.SurveyResponseTotal.authority_id).join(
            m.Survey, m.Survey.id == m.SurveyResponseTotal.survey_id).join(m.Review).where(
            m.LocalAuthority.name == "Angus", m.Review.slug == P.GOVERNANCE)
        before = s.execute(total).scalar_one()

    assert _import(db, "survey-responses", path, P.GOVERNANCE).status == IMPORTED

    with db.reader() as s:
        assert s.execute(total).scalar_one() == before - 1


def test_reimporting_the_same_file_keeps_the_data_version(db, tmp_path):
    grid = exported(db, "progress", P.GOVERNANCE)
    path = tmp_path / "progress.csv"
    path.write_bytes(csv_bytes(set_cell(grid, 2, "completed_on", "2024-07-18")))

    first = _import(db, "progress", path, P.GOVERNANCE)
    after_first = table_checksums(db)
    second = _import(db, "progress", path, P.GOVERNANCE)

    assert (first.updated, first.data_version) == (1, 2)
    assert (second.inserted, second.updated, second.data_version) == (0, 0, 2)
    assert db.data_version() == 2
    assert table_checksums(db) == after_first
    assert [(b.status, b.rows_updated, b.data_version) for b in batches(db)] == [
        ("imported", 1, 2), ("imported", 0, 2)]
    assert batches(db)[0].checksum == batches(db)[1].checksum


def test_a_row_left_out_deletes_nothing(db, tmp_path):
    grid = exported(db, "themes", P.CEYP)
    path = tmp_path / "themes.csv"
    path.write_bytes(csv_bytes(grid[:2]))
    before = table_checksums(db)

    result = _import(db, "themes", path, P.CEYP)

    assert (result.status, result.unchanged) == (IMPORTED, 1)
    assert table_checksums(db) == before


def test_new_rows_are_inserted(db, tmp_path):
    path = tmp_path / "publications.csv"
    path.write_bytes(csv_bytes([["title", "published_on", "downloads", "review"],
                                ["National report", "17 March 2025", "1,250", P.GOVERNANCE],
                                ["More information about the review", "03/06/2025", "12", ""]]))
    version = db.data_version()

    result = _import(db, "publications", path, None)

    assert (result.inserted, result.updated, result.unchanged) == (2, 0, 0)
    assert db.data_version() == version + 1
    assert ("National report", "2025-03-17", 1250, P.GOVERNANCE) in [
        (r["title"], r["published_on"].isoformat(), r["downloads"], r["review"])
        for r in export_rows(db, "publications")[1]]


def test_a_dry_run_counts_changes_but_writes_nothing(db, tmp_path):
    grid = exported(db, "survey-eligible", P.GOVERNANCE)
    path = tmp_path / "eligible.csv"
    grid = set_cell(grid, 2, "eligible", str(int(grid[1][grid[0].index("eligible")]) + 5))
    path.write_bytes(csv_bytes(grid))
    before, version = table_checksums(db), db.data_version()

    result = _import(db, "survey-eligible", path, P.GOVERNANCE, dry_run=True)

    assert (result.status, result.inserted, result.updated) == (CHECKED, 0, 1)
    assert table_checksums(db) == before
    assert db.data_version() == version
    assert batches(db) == []


def test_the_timeline_accepts_the_qi_6_4_dates_as_meant(db, tmp_path):
    """Phase 2 of the self-evaluation in 2025, as the page means, is accepted."""
    grid = exported(db, "timeline", P.QI64)
    grid = set_cell(grid, 3, "planned_start", "20/01/2025")
    grid = set_cell(grid, 3, "planned_end", "24 February 2025")
    path = tmp_path / "timeline.csv"
    path.write_bytes(csv_bytes(grid))

    result = _import(db, "timeline", path, P.QI64)

    assert (result.status, result.updated) == (IMPORTED, 0)


def test_reordered_columns_and_variant_values_are_read(db, tmp_path):
    path = tmp_path / "eligible.csv"
    rows = [["eligible", "authority", "survey"],
            ["60", "Western Isles", "staff-survey"],
            ["2000", " s12000015 ", "staff-survey"],  # Fife's old code, with stray spaces and case
            ["3000", "edinburgh", "staff-survey"]]
    path.write_bytes("\r\n".join(",".join(r) for r in rows).encode("cp1252"))

    result = _import(db, "survey-eligible", path, P.GOVERNANCE)

    assert (result.status, result.updated + result.unchanged) == (IMPORTED, 3), result.problems
    eligible = {r["authority"]: r["eligible"] for r in export_rows(db, "survey-eligible", P.GOVERNANCE)[1]}
    assert (eligible["Na h-Eileanan Siar"], eligible["Fife"], eligible["City of Edinburgh"]) == (60, 2000, 3000)
