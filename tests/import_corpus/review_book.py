"""A new review, set up the way a regulator would: the template filled in and imported, then its data.

Used by the importer's tests and the end-to-end tests of a real review beside the demonstration ones.
"""
from __future__ import annotations

import datetime as dt
import io

import openpyxl
from services import FIXTURES

from data_access.importers import ImportCommand, write_template

SLUG = "carers-support-review"
TITLE = "Thematic review of support for unpaid carers"
NEWREVIEW = FIXTURES / "newreview"
ELIGIBLE = NEWREVIEW / "carers_survey_eligible_nrs_shape.csv"
RESPONSES = NEWREVIEW / "carers_survey_responses_phs_shape.csv"
D = dt.date

SHEETS = {
    "review": [("slug", SLUG), ("title", TITLE), ("kind", "thematic review"),
               ("legal_basis", "Section 53 of the Public Services Reform (Scotland) Act 2010"),
               ("summary", "How well partnerships support unpaid carers."), ("starts_on", D(2024, 6, 3)),
               ("ends_on", D(2025, 3, 31)), ("status", "active"), ("demonstration", "no"),
               ("feedback_url", "https://www.careinspectorate.com/index.php/feedback"),
               ("next_update_on", D(2024, 10, 15))],
    "authorities": [["all", "all authorities"], ["Edinburgh, City of", "fieldwork area"],
                    ["Western Isles", "fieldwork area"]],
    "questions": [["RQ1", "How well are unpaid carers identified and supported?"]],
    "phases": [[1, "Survey and document return", D(2024, 6, 3), D(2024, 9, 30), D(2024, 6, 3), None],
               [2, "Fieldwork in two areas", D(2024, 10, 1), D(2024, 12, 20), None, None],
               [3, "Reporting", D(2025, 1, 6), D(2025, 3, 31), None, None]],
    "milestones": [[1, "documents-returned", "Documents returned", 1, None, D(2024, 7, 31), None, "yes", None],
                   [2, "carers-survey-closes", "Carers survey closes", 1, D(2024, 8, 5), D(2024, 9, 13), None, "yes",
                    None],
                   [3, "fieldwork", "Fieldwork visit", 2, D(2024, 10, 7), D(2024, 11, 29), None, "yes",
                    "fieldwork area"],
                   [4, "national-report", "National report published", 3, None, D(2025, 3, 31), None, "no", None]],
    "partnerships": [["Western Isles", "fieldwork", D(2024, 11, 15)]],
    "surveys": [["carers-survey", "Survey of carers' support staff", "Staff supporting unpaid carers", "yes",
                 D(2024, 8, 5), D(2024, 9, 13), "35%"]],
    "themes": [["identification", "Identifying carers", None, "RQ1"],
               ["identification-gp", "Identification through GP practices", "identification", "RQ1"],
               ["breaks", "Short breaks", None, "RQ1"]],
    "publications": [["Carers review: what we will look at", D(2024, 6, 3),
                      "https://www.careinspectorate.com/", 12]],
}


def filled_template(tmp_path, sheets: dict | None = None) -> bytes:
    """`oversight template review`'s workbook with its example rows replaced by this review's rows."""
    path = tmp_path / "template.xlsx"
    write_template("review", path)
    book = openpyxl.load_workbook(path)
    for name, rows in (sheets or SHEETS).items():
        sheet = book[name]
        sheet.delete_rows(2, sheet.max_row)
        for row in rows:
            sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def set_up_review(db, tmp_path, username: str = "inspector1"):
    """Import the review's workbook, then its survey's eligible staff and daily responses; the three results."""
    book = ImportCommand(db, "review", "carers-review.xlsx", filled_template(tmp_path), username=username).run()
    eligible = ImportCommand.from_path(db, "survey-eligible", ELIGIBLE, review=SLUG, username=username).run()
    responses = ImportCommand.from_path(db, "survey-responses", RESPONSES, review=SLUG, username=username).run()
    return book, eligible, responses
