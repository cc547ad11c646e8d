"""A review defined by a workbook: template, import (create and update), problems, round trip, life cycle."""
from __future__ import annotations

import io

import openpyxl
import pytest
from import_corpus import hostile
from import_corpus.review_book import ELIGIBLE, SHEETS, SLUG, TITLE, filled_template, set_up_review
from sqlalchemy import select

from data_access import models as m
from data_access import reviews
from data_access.importers import CHECKED, IMPORTED, REJECTED, ImportCommand, UsageError, describe, write_template
from data_access.importers.export import export_review_book
from seed_data import programme as P


def _review(db, slug=SLUG):
    with db.reader() as s:
        return s.execute(select(m.Review).where(m.Review.slug == slug)).scalar_one_or_none()


def _count(db, model, review_id) -> int:
    with db.reader() as s:
        return len(s.execute(select(model).where(model.review_id == review_id)).all())


def _import(db, content: bytes, **kwargs):
    return ImportCommand(db, "review", "review.xlsx", content, username="inspector1", **kwargs).run()


def test_the_template_has_a_sheet_per_part_an_example_and_a_guide(tmp_path):
    path = tmp_path / "review.xlsx"
    write_template("review", path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["review", "authorities", "questions", "phases", "milestones", "partnerships",
                               "surveys", "themes", "publications", "guide"]
    fields = [row[0] for row in book["review"].iter_rows(min_row=2, values_only=True)]
    assert fields[:2] == ["slug", "title"] and "demonstration" in fields and "feedback_url" in fields
    assert [c.value for c in book["surveys"][1]] == ["code", "title", "audience", "counts_people", "opens_on",
                                                     "closes_on", "target_rate", "late_returns_until"]
    assert book["phases"].max_row == 2  # the header and one example row


def test_a_new_review_from_an_edited_template_and_its_data_from_publishers_files(migrated_db, tmp_path):
    book, eligible, responses = set_up_review(migrated_db, tmp_path)
    assert book.status == IMPORTED, [describe(p) for p in book.problems]
    assert eligible.status == IMPORTED and responses.status == IMPORTED, [describe(p) for p in responses.problems]
    review = _review(migrated_db)
    assert (review.title, review.status, review.is_demonstration) == (TITLE, "active", False)
    assert review.feedback_url.startswith("https://") and review.legal_basis.startswith("Section 53")
    assert _count(migrated_db, m.ReviewAuthority, review.id) == 32
    assert _count(migrated_db, m.Phase, review.id) == 3 and _count(migrated_db, m.Survey, review.id) == 1
    with migrated_db.reader() as s:
        dues = dict(s.execute(select(m.LocalAuthority.name, m.AuthorityMilestone.due_date)
                              .join(m.AuthorityMilestone).join(m.Milestone)
                              .where(m.Milestone.code == "fieldwork", m.Milestone.review_id == review.id)).all())
        target = s.execute(select(m.Survey.target_rate).where(m.Survey.review_id == review.id)).scalar_one()
        parents = dict(s.execute(select(m.Theme.code, m.Theme.parent_id).where(m.Theme.review_id == review.id)).all())
    # The fieldwork milestone applies to the two fieldwork areas only; the Western Isles has its own date.
    assert sorted(dues) == ["City of Edinburgh", "Na h-Eileanan Siar"]
    assert str(dues["Na h-Eileanan Siar"]) == "2024-11-15" and str(dues["City of Edinburgh"]) == "2024-11-29"
    assert target == pytest.approx(0.35)
    assert parents["identification-gp"] is not None and parents["identification"] is None
    # The authorities sheet's names were read as the publisher wrote them, and said so.
    assert any("read 'Western Isles' as Na h-Eileanan Siar" in note for note in book.notes)
    assert any("Edinburgh, City of" in note for note in eligible.notes)


def test_the_same_workbook_again_changes_nothing_and_an_edit_shows_before_and_after(migrated_db, tmp_path):
    content = filled_template(tmp_path)
    assert _import(migrated_db, content).status == IMPORTED
    again = _import(migrated_db, content, dry_run=True)
    assert (again.status, again.inserted, again.updated, again.changes) == (CHECKED, 0, 0, [])
    edited = {**SHEETS, "surveys": [[*SHEETS["surveys"][0][:6], "40"]],
              "review": [("slug", SLUG), ("title", "")]}  # a blank title keeps the stored one
    check = _import(migrated_db, filled_template(tmp_path, edited), dry_run=True)
    assert check.status == CHECKED, [describe(p) for p in check.problems]
    assert [(c.key, c.cells) for c in check.changes] == [("surveys: carers-survey", (("target_rate", "35%", "40%"),))]
    assert _review(migrated_db).title == TITLE


@pytest.mark.parametrize("slug", [P.JOINT, P.CEYP, P.QI64, P.GOVERNANCE])
def test_each_seeded_review_exports_and_imports_again_unchanged(seeded_db, tmp_path, slug):
    path = tmp_path / f"{slug}.xlsx"
    assert export_review_book(seeded_db, path, slug) > 10
    result = ImportCommand.from_path(seeded_db, "review", path, dry_run=True).run()
    assert (result.status, result.inserted, result.updated, result.changes) == (CHECKED, 0, 0, [])
    assert result.unchanged > 10


def test_the_joint_inspections_workbook_holds_each_partnerships_own_dates(seeded_db, tmp_path):
    path = tmp_path / "joint.xlsx"
    export_review_book(seeded_db, path, P.JOINT)
    book = openpyxl.load_workbook(path)
    partnerships = list(book["partnerships"].iter_rows(min_row=2, values_only=True))
    # Each partnership but the last (whose dates are the milestones' own) has its own dates listed.
    assert {row[0] for row in partnerships} >= {"Highland", "Fife", "Renfrewshire"}
    assert len(list(book["authorities"].iter_rows(min_row=2))) == len(P.JOINT_PROGRAMME)


def _problems(db, tmp_path, sheets):
    result = _import(db, filled_template(tmp_path, {**SHEETS, **sheets}))
    assert result.status == REJECTED
    return [describe(p) for p in result.problems]


def test_problems_name_their_sheet_row_and_rule_and_nothing_is_written(migrated_db, tmp_path):
    bad = _problems(migrated_db, tmp_path, {
        "phases": [[1, "One", "2024-09-01", "2024-09-30", None, None], [2, "Two", "2024-08-01", "2024-10-30",
                                                                          None, None]],
        "milestones": [[1, "early", "Far too early", 1, None, "2023-01-10", None, "yes", None],
                       [2, "limited", "Limited", 1, None, "2024-07-01", None, "yes", "nowhere"]],
        "partnerships": [["Fife", "national-report", "2024-07-01"]],
        "themes": [["child", "Child", "missing-parent", "RQ9"]],
    })
    text = "\n".join(bad)
    assert "Sheet phases, row 3, column planned_start" in text and "before phase 1 starts" in text
    assert "Sheet milestones, row 2, column due_date" in text and "more than 90 days before the review" in text
    assert "'nowhere' is not a participation given in the authorities sheet" in text
    assert "Sheet partnerships" in text and "is not a per-authority milestone" in text
    assert "'missing-parent' is not a theme of this review" in text and "'RQ9' is not a question" in text
    assert _review(migrated_db) is None


def test_a_workbook_without_a_review_sheet_or_as_csv_is_refused_plainly(migrated_db, tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "phases"
    out = io.BytesIO()
    book.save(out)
    result = _import(migrated_db, out.getvalue())
    assert result.status == REJECTED and "no sheet called 'review'" in result.problems[0].rule
    csv = ImportCommand(migrated_db, "review", "review.csv", b"field,value\nslug,x\n").run()
    assert csv.status == REJECTED and "must end in .xlsx" in csv.problems[0].rule


def test_a_new_review_needs_its_title_kind_and_dates(migrated_db, tmp_path):
    bad = _problems(migrated_db, tmp_path, {"review": [("slug", "another-review"), ("title", "Another")]})
    assert any("column kind" in line and "required for a new review" in line for line in bad)
    assert any("column starts_on" in line for line in bad)


def test_closed_reviews_refuse_imports_until_reopened_and_each_change_is_audited(migrated_db, tmp_path):
    content = filled_template(tmp_path)
    assert _import(migrated_db, content).status == IMPORTED
    assert reviews.set_state(migrated_db, SLUG, reviews.CLOSED, username="inspector1") == "active"
    refused = _import(migrated_db, content)
    assert refused.status == REJECTED and "is closed, so it takes no imports" in refused.problems[0].rule
    with pytest.raises(UsageError, match="is closed"):
        ImportCommand.from_path(migrated_db, "survey-eligible", ELIGIBLE, review=SLUG)
    reviews.set_state(migrated_db, SLUG, reviews.ACTIVE, username="inspector1")
    assert _import(migrated_db, content).status == IMPORTED
    with migrated_db.reader() as s:
        details = list(s.execute(select(m.AuditEntry.detail).where(m.AuditEntry.action == "review state")).scalars())
    assert details == [f"{SLUG}: active -> closed", f"{SLUG}: closed -> active"]
    with pytest.raises(reviews.ReviewStateError, match="not a review state"):
        reviews.set_state(migrated_db, SLUG, "paused")


def test_demo_remove_leaves_the_real_review_and_refuses_to_empty_the_database(seeded_db, tmp_path):
    with pytest.raises(reviews.ReviewStateError, match="no review at all"):
        reviews.remove_demonstrations(seeded_db)
    assert len(reviews.states(seeded_db)) == 4
    set_up_review(seeded_db, tmp_path)
    removed = reviews.remove_demonstrations(seeded_db, username="admin1")
    assert set(removed.reviews) == {P.JOINT, P.CEYP, P.QI64, P.GOVERNANCE} and removed.publications == 6
    assert [s.slug for s in reviews.states(seeded_db)] == [SLUG]
    with seeded_db.reader() as s:
        assert s.execute(select(m.SurveyResponseDaily)).first() is not None  # the real review's responses stay
        assert len(s.execute(select(m.Survey)).all()) == 1
        assert not s.execute(select(m.DatasetMeta.is_demonstration)).scalar()
        assert s.execute(select(m.AuditEntry.detail).where(m.AuditEntry.action == "demo remove")).scalar()
    assert reviews.remove_demonstrations(seeded_db).reviews == ()


HOSTILE_WORKBOOKS = {
    "macros": (hostile.workbook_with_macros, "vbaProject.bin"),
    "xml-entities": (hostile.workbook_with_entities, "DOCTYPE"),
    "zip-not-workbook": (hostile.zip_not_workbook, "not an Excel workbook"),
    "workbook-bomb": (hostile.workbook_bomb, "expands to"),
    "dimension-bomb": (lambda db: hostile.dimension_bomb(), "used range"),
    "csv-named-xlsx": (lambda db: b"field,value\nslug,x\n", "not an Excel workbook"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_WORKBOOKS))
def test_a_hostile_review_workbook_is_refused_and_writes_nothing(seeded_db, case):
    build, rule = HOSTILE_WORKBOOKS[case]
    version = seeded_db.data_version()
    result = ImportCommand(seeded_db, "review", "review.xlsx", build(seeded_db), username="inspector1").run()
    assert result.status == REJECTED and any(rule in p.rule for p in result.problems), result.problems
    assert seeded_db.data_version() == version and len(reviews.states(seeded_db)) == 4


def test_formula_text_in_a_workbook_is_kept_as_text_and_exported_escaped(migrated_db, tmp_path):
    # Written as export writes it: a leading ' keeps a spreadsheet from running it, and import removes it.
    sheets = {**SHEETS, "questions": [["RQ1", "'=HYPERLINK(\"http://x\",\"click\")"]]}
    assert _import(migrated_db, filled_template(tmp_path, sheets)).status == IMPORTED
    with migrated_db.reader() as s:
        assert s.execute(select(m.ReviewQuestion.text)).scalar() == '=HYPERLINK("http://x","click")'
    path = tmp_path / "out.xlsx"
    export_review_book(migrated_db, path, SLUG)
    cell = openpyxl.load_workbook(path)["questions"]["B2"].value
    assert cell.startswith("'=")  # a spreadsheet shows it as text, never runs it
    again = ImportCommand.from_path(migrated_db, "review", path, dry_run=True).run()
    assert (again.status, again.changes) == (CHECKED, [])


def test_document_returns_are_an_import_kind_of_their_own(tmp_path, migrated_db):
    assert _import(migrated_db, filled_template(tmp_path)).status == IMPORTED
    body = (b"Document returns,,\n,,\nauthority,documents,returned_on\nEdinburgh, City of,,\n"
            b'"Edinburgh, City of",42,20240726\nWestern Isles,"1,204",29/07/2024\nScotland,"1,246",\n')
    result = ImportCommand(migrated_db, "document-returns", "returns.csv", body, review=SLUG).run()
    assert result.status == REJECTED  # the first data row names no authority the review knows
    body = body.replace(b"Edinburgh, City of,,\n", b"")
    result = ImportCommand(migrated_db, "document-returns", "returns.csv", body, review=SLUG).run()
    assert result.status == IMPORTED, [describe(p) for p in result.problems]
    assert result.inserted == 2 and any("Scotland" in note for note in result.notes)
    with migrated_db.reader() as s:
        held = dict(s.execute(select(m.LocalAuthority.gss_code, m.DocumentReturn.documents)
                              .join(m.DocumentReturn)).all())
    assert held == {"S12000036": 42, "S12000013": 1204}
    blank = ImportCommand(migrated_db, "document-returns", "r.csv", b"authority,documents,returned_on\nFife,3,\n"
                          b"Western Isles,1204,\n", review=SLUG, dry_run=True).run()
    assert [c.action for c in blank.changes] == ["insert"]  # the blank date keeps the stored one


def test_a_response_after_its_survey_closes_is_refused_unless_the_survey_takes_late_returns(migrated_db, tmp_path):
    body = (b"date,authority,survey,responses\n20240912,Fife,carers-survey,3\n20240920,Fife,carers-survey,2\n"
            b"20250301,Angus,carers-survey,1\n")
    assert _import(migrated_db, filled_template(tmp_path)).status == IMPORTED
    ImportCommand.from_path(migrated_db, "survey-eligible", ELIGIBLE, review=SLUG).run()
    refused = ImportCommand(migrated_db, "survey-responses", "r.csv", body, review=SLUG).run()
    assert refused.status == REJECTED
    rules = {p.row: p.rule for p in refused.problems}
    assert sorted(rules) == [3, 4]  # 12 September is in the window; the 20th and March are not
    assert "after survey carers-survey closed on 13 September 2024, and it takes no late returns" in rules[3]
    assert rules[4].endswith("is the year right?")
    late = {**SHEETS, "surveys": [[*SHEETS["surveys"][0], "2024-10-31"]]}
    assert _import(migrated_db, filled_template(tmp_path, late)).status == IMPORTED
    allowed = ImportCommand(migrated_db, "survey-responses", "r.csv", body.rsplit(b"\n", 2)[0] + b"\n",
                            review=SLUG).run()
    assert allowed.status == IMPORTED, [describe(p) for p in allowed.problems]
    assert any("accepted as late returns" in note for note in allowed.notes)
