"""The hostile import corpus: one generated file per rule, with the problem each must produce.

Each case builds its file from the seeded demonstration data (usually a small export with
one cell made wrong), so the file is realistic apart from the one thing under test.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select

from data_access import models as m
from seed_data import programme as P

from .support import csv_bytes, exported, rezip, set_cell, xlsx_bytes

GOV, QI, JOINT, CEYP = P.GOVERNANCE, P.QI64, P.JOINT, P.CEYP
SCOPED = {"timeline": QI, "publications": None}


@dataclass(frozen=True)
class Case:
    id: str
    kind: str
    filename: str
    build: Callable  # (db) -> bytes
    row: int | None  # the row and column the report must name (None: the file as a whole)
    column: str | None
    rule: str  # a fragment of the rule's words
    review: str | None = GOV
    env: dict = field(default_factory=dict)
    strict: bool = False  # refuse columns the format does not read (the --strict flag)


def grid(db, kind, review=GOV, rows=6):
    return exported(db, kind, review)[: rows + 1]


def edit(kind, row, column, value, review=GOV):
    return lambda db: csv_bytes(set_cell(grid(db, kind, review), row, column, value))


def _eligible_and_total(db, authority="Orkney Islands"):
    with db.reader() as s:
        survey = s.execute(select(m.Survey.id).join(m.Review).where(
            m.Review.slug == GOV, m.Survey.code == "staff-survey")).scalar_one()
        aid = s.execute(select(m.LocalAuthority.id).where(m.LocalAuthority.name == authority)).scalar_one()
        eligible = s.execute(select(m.SurveyEligible.eligible).where(
            m.SurveyEligible.survey_id == survey, m.SurveyEligible.authority_id == aid)).scalar_one()
        total = s.execute(select(m.SurveyResponseTotal.responses).where(
            m.SurveyResponseTotal.survey_id == survey, m.SurveyResponseTotal.authority_id == aid)).scalar_one()
    return eligible, total


def responses_over_eligible_in_file(db):
    eligible, _ = _eligible_and_total(db)
    return csv_bytes([["survey", "authority", "date", "responses"],
                      ["staff-survey", "Orkney Islands", "2024-10-10", str(eligible)],
                      ["staff-survey", "Orkney Islands", "2024-10-11", "1"]])


def responses_over_eligible_with_db(db):
    eligible, total = _eligible_and_total(db)
    return csv_bytes([["survey", "authority", "date", "responses"],
                      ["staff-survey", "Orkney Islands", "2024-12-01", str(eligible - total + 1)]])


def eligible_below_recorded(db):
    _, total = _eligible_and_total(db)
    return csv_bytes([["survey", "authority", "eligible"], ["staff-survey", "Orkney Islands", str(total - 1)]])


def qi64_as_printed(db):
    """The published page prints phase 2 as 20 January - 24 February 2024, before phase 1."""
    g = grid(db, "timeline", QI, rows=3)
    g = set_cell(g, 3, "planned_start", "20/01/2024")
    g = set_cell(g, 3, "planned_end", "24/02/2024")
    g = set_cell(g, 3, "actual_start", "")
    return csv_bytes(set_cell(g, 3, "actual_end", ""))


def phase_before_database_phase(db):
    g = grid(db, "timeline", QI, rows=3)
    return csv_bytes([g[0], set_cell(g, 3, "planned_start", "2024-08-01")[2]])


def duplicate_day(db):
    g = grid(db, "survey-responses", rows=3)
    return csv_bytes(g + [g[2]])


def workbook(db):
    return xlsx_bytes(grid(db, "progress"))


def workbook_with_bad_authority(db):
    g = [list(r) for r in grid(db, "progress")]
    g.insert(3, [None, None, None, None])  # a blank row still counts in the spreadsheet's numbering
    g[4][0] = "Edinbrugh"
    return xlsx_bytes(g)


def workbook_date_cell_in_count(db):
    return xlsx_bytes(set_cell(grid(db, "survey-eligible"), 3, "eligible", dt.datetime(2024, 9, 3)))


def workbook_with_time_of_day(db):
    return xlsx_bytes(set_cell(grid(db, "progress"), 4, "due_date", dt.datetime(2024, 7, 19, 14, 30)))


def sheet_xml(dimension: str | None, rows: list[tuple[int, list[str]]]) -> bytes:
    """A worksheet written by hand: a declared used range (or none) and inline-string rows."""
    body = "".join(
        f'<row r="{n}">' + "".join(f'<c r="{chr(65 + i)}{n}" t="inlineStr"><is><t>{v}</t></is></c>'
                                   for i, v in enumerate(cells)) + "</row>"
        for n, cells in rows)
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"{dim}<sheetData>{body}</sheetData></worksheet>").encode()


def dimension_bomb(dimension: str | None = "A1:XFD1048576", last_row: int = 1048576) -> bytes:
    """About 5 KB: a header row and one row at the bottom of a sheet declared (or laid out) huge."""
    header = ["authority", "milestone", "due_date", "completed_on"]
    base = xlsx_bytes([header, ["Angus", "briefing", "2024-08-16", ""]])
    with zipfile.ZipFile(io.BytesIO(base)) as z:
        sheet = next(n for n in z.namelist() if n.startswith("xl/worksheets/sheet"))
    xml = sheet_xml(dimension, [(1, header), (last_row, ["Angus", "briefing", "2024-08-16"])])
    return rezip(base, replace={sheet: xml})


def workbook_with_macros(db):
    return rezip(workbook(db), add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro storage"})


BILLION_LAUGHS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">
<si><t>&lol3;</t></si></sst>"""


def workbook_with_entities(db):
    content = workbook(db)
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        sheet = next(n for n in z.namelist() if n.startswith("xl/worksheets/sheet"))
        xml = z.read(sheet)
    root = xml.index(b"<worksheet")
    evil = xml[:root] + b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + xml[root:]
    return rezip(content, replace={sheet: evil.replace(b"</worksheet>", b"<!-- &e; --></worksheet>"),
                                   "xl/sharedStrings.xml": BILLION_LAUGHS})


def zip_not_workbook(db):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", "<document/>")
    return out.getvalue()


def workbook_bomb(db):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\x20" * (120 * 1024 * 1024))
    return out.getvalue()


def big(db):
    return b"authority,milestone,due_date,completed_on\r\n" + b"x" * (21 * 1024 * 1024)


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"


CASES = [
    # -- the file as a whole ----------------------------------------------------------
    Case("empty", "progress", "empty.csv", lambda db: b"", None, None, "the file is empty"),
    Case("blank-lines-only", "progress", "blank.csv", lambda db: b"\xef\xbb\xbf\r\n ,\r\n", None, None,
         "the file is empty"),
    Case("header-only", "progress", "header.csv", lambda db: csv_bytes(grid(db, "progress", rows=0)), None, None,
         "no rows of data"),
    Case("over-size-limit", "progress", "big.csv", big, None, None, "larger than the 20 MB allowed"),
    Case("over-configured-limit", "progress", "small.csv", lambda db: csv_bytes(grid(db, "progress", rows=40)),
         None, None, "larger than the 0.001 MB allowed", env={"OVERSIGHT_MAX_UPLOAD_MB": "0.001"}),
    Case("csv-named-xlsx", "progress", "progress.xlsx", lambda db: csv_bytes(grid(db, "progress")), None, None,
         "is not an Excel workbook"),
    Case("binary-named-csv", "progress", "picture.csv", lambda db: PNG, None, None, "binary data"),
    Case("workbook-named-csv", "progress", "progress.csv", workbook, None, None, "zip archive"),
    Case("utf16-csv", "progress", "progress.csv", lambda db: b"\xff\xfe" + "authority".encode("utf-16-le"),
         None, None, "UTF-16"),
    Case("neither-utf8-nor-cp1252", "progress", "progress.csv",
         lambda db: csv_bytes(grid(db, "progress")) + b"Angus,x\x81y,2024-07-19,\r\n", None, None,
         "neither UTF-8 nor Windows-1252"),
    Case("control-characters", "progress", "progress.csv",
         lambda db: csv_bytes(grid(db, "progress")) + b"Angus\x07,briefing,2024-08-16,\r\n", None, None,
         "control character"),
    Case("macro-extension", "progress", "progress.xlsm", workbook, None, None, "macros"),
    Case("macro-inside-xlsx", "progress", "progress.xlsx", workbook_with_macros, None, None, "vbaProject.bin"),
    Case("xml-entities", "progress", "progress.xlsx", workbook_with_entities, None, None, "DOCTYPE"),
    Case("zip-not-workbook", "progress", "progress.xlsx", zip_not_workbook, None, None,
         "zip archive but not an Excel workbook"),
    Case("workbook-bomb", "progress", "progress.xlsx", workbook_bomb, None, None, "expands to"),
    Case("old-excel", "progress", "progress.xls", lambda db: b"\xd0\xcf\x11\xe0" + b"\x00" * 512, None, None,
         "old Excel"),
    Case("not-a-spreadsheet-name", "progress", "progress.txt", lambda db: csv_bytes(grid(db, "progress")),
         None, None, "must end in .csv or .xlsx"),
    # -- the header ---------------------------------------------------------------------
    Case("no-header-row", "progress", "p.csv", lambda db: csv_bytes(grid(db, "progress")[1:]),
         1, None, "holds this format's column names"),
    Case("dimension-bomb", "progress", "p.xlsx", lambda db: dimension_bomb(), None, None,
         "declares a used range of A1:XFD1048576"),
    Case("rows-beyond-the-cap", "progress", "p.xlsx", lambda db: dimension_bomb(None, 600_000), None, None,
         "more than 250,000 rows"),
    Case("duplicate-header", "progress", "p.csv",
         lambda db: csv_bytes([r + [r[0]] for r in grid(db, "progress")]), 1, "authority", "appears twice"),
    Case("blank-header-strict", "progress", "p.csv",
         lambda db: csv_bytes([r[:2] + ["" if i == 0 else "x"] + r[2:] for i, r in enumerate(grid(db, "progress"))]),
         1, "column C", "header cell is blank", strict=True),
    Case("case-variant-header", "progress", "p.csv", edit("progress", 1, "authority", "Authority"),
         1, "Authority", "exactly as 'authority'"),
    Case("header-with-spaces", "progress", "p.csv", edit("progress", 1, "due_date", "due date"),
         1, "due date", "exactly as 'due_date'"),
    Case("missing-column", "progress", "p.csv", lambda db: csv_bytes([r[:3] for r in grid(db, "progress")]),
         1, "completed_on", "required column 'completed_on' is missing"),
    Case("unknown-column-strict", "progress", "p.csv",
         lambda db: csv_bytes([r + (["notes"] if i == 0 else ["chased"]) for i, r in enumerate(grid(db, "progress"))]),
         1, "notes", "is not a column of this format", strict=True),
    Case("only-total-rows", "survey-eligible", "e.csv",
         lambda db: csv_bytes([["survey", "authority", "eligible"], ["staff-survey", "Scotland", "9000"],
                               ["staff-survey", "All local authorities", "9000"]]), None, None,
         "every row was a total"),
    # -- values -------------------------------------------------------------------------
    Case("unknown-authority", "progress", "p.csv", edit("progress", 4, "authority", "Edinbrugh"),
         4, "authority", "is not one of Scotland's 32 local authorities; did you mean City of Edinburgh?"),
    Case("code-of-another-authority", "progress", "p.csv", edit("progress", 4, "gss_code", "S12000010"),
         4, "gss_code", "is the code of East Lothian, but the authority column says"),
    Case("not-a-gss-code", "progress", "p.csv", edit("progress", 3, "gss_code", "Fife"),
         3, "gss_code", "is not the GSS code"),
    Case("clear-in-a-required-cell", "progress", "p.csv", edit("progress", 5, "due_date", "clear"),
         5, "due_date", "is the word CLEAR, which empties a cell, but this column always needs a value"),
    Case("authority-not-in-review", "progress", "p.csv", edit("progress", 2, "authority", "Glasgow City", JOINT),
         2, "authority", "does not take part in this review", review=JOINT),
    Case("two-digit-year", "progress", "p.csv", edit("progress", 3, "due_date", "19/07/24"),
         3, "due_date", "two-digit year"),
    Case("year-first-slashes", "progress", "p.csv", edit("progress", 5, "completed_on", "2024/07/09"),
         5, "completed_on", "year-month-day or year-day-month"),
    Case("impossible-date", "progress", "p.csv", edit("progress", 2, "due_date", "31/02/2024"),
         2, "due_date", "is not a real date"),
    Case("serial-not-a-date", "progress", "p.csv", edit("progress", 2, "due_date", "12"),
         2, "due_date", "not a date we can read"),
    Case("compact-date-not-real", "progress", "p.csv", edit("progress", 2, "due_date", "20241302"),
         2, "due_date", "eight digits like a YYYYMMDD date, but is not a real one"),
    Case("due-years-before-the-review", "progress", "p.csv", edit("progress", 3, "due_date", "20200826"),
         3, "due_date", "more than 90 days before the review starts (15 July 2024)"),
    Case("completed-years-after-the-review", "progress", "p.csv", edit("progress", 4, "completed_on", "2027-01-05"),
         4, "completed_on", "more than 365 days after the review ends (26 June 2025)"),
    Case("milestone-years-before-the-review", "timeline", "tl.csv",
         lambda db: csv_bytes(set_cell(exported(db, "timeline", QI), 5, "planned_end", "2020-11-20")),
         5, "planned_end", "more than 90 days before the review starts (2 September 2024)", review=QI),
    Case("response-before-survey-opens", "survey-responses", "r.csv",
         edit("survey-responses", 3, "date", "2020-08-26"), 3, "date", "before survey staff-survey opened"),
    Case("response-long-after-survey-closes", "survey-responses", "r.csv",
         edit("survey-responses", 4, "date", "05/10/2025"), 4, "date",
         "after survey staff-survey closed on 4 October 2024, and it takes late returns up to"),
    Case("date-cell-with-time", "progress", "p.xlsx", workbook_with_time_of_day, 4, "due_date", "time of day"),
    Case("blank-required", "progress", "p.csv", edit("progress", 6, "due_date", ""),
         6, "due_date", "a value is required"),
    Case("unknown-milestone", "progress", "p.csv", edit("progress", 3, "milestone", "site-visit"),
         3, "milestone", "is not a milestone of this review"),
    Case("milestone-not-per-authority", "progress", "p.csv", edit("progress", 3, "milestone", "notification"),
         3, "milestone", "not tracked for each authority"),
    Case("xlsx-row-numbers", "progress", "p.xlsx", workbook_with_bad_authority,
         5, "authority", "is not one of Scotland's 32 local authorities"),
    Case("negative-count", "survey-responses", "r.csv", edit("survey-responses", 4, "responses", "-3"),
         4, "responses", "is negative"),
    Case("percentage-as-count", "survey-eligible", "e.csv", edit("survey-eligible", 3, "eligible", "85%"),
         3, "eligible", "is a percentage"),
    Case("percentage-over-100", "survey-responses", "r.csv", edit("survey-responses", 2, "responses", "150%"),
         2, "responses", "is a percentage"),
    Case("fractional-count", "survey-eligible", "e.csv", edit("survey-eligible", 2, "eligible", "2.5"),
         2, "eligible", "not a fraction"),
    Case("formula-in-count", "survey-eligible", "e.csv", edit("survey-eligible", 2, "eligible", "=A1*2"),
         2, "eligible", "must be a whole number"),
    Case("date-cell-in-count", "survey-eligible", "e.xlsx", workbook_date_cell_in_count,
         3, "eligible", "is a date"),
    Case("responses-over-eligible-in-file", "survey-responses", "r.csv", responses_over_eligible_in_file,
         3, "responses", "more than its eligible population"),
    Case("responses-over-eligible-with-database", "survey-responses", "r.csv", responses_over_eligible_with_db,
         2, "responses", "over 100%"),
    Case("eligible-below-recorded-responses", "survey-eligible", "e.csv", eligible_below_recorded,
         2, "eligible", "fewer than the"),
    Case("unknown-survey", "survey-responses", "r.csv", edit("survey-responses", 2, "survey", "exit-poll"),
         2, "survey", "is not a survey of this review"),
    Case("duplicate-row", "survey-responses", "r.csv", duplicate_day, 5, "date", "repeats row 3"),
    Case("unknown-theme", "themes", "t.csv", edit("themes", 2, "theme", "morale"),
         2, "theme", "is not a theme in this review's coding frame"),
    Case("parent-theme", "themes", "t.csv", edit("themes", 2, "theme", "workforce"),
         2, "theme", "with sub-themes"),
    Case("unknown-source", "themes", "t.csv", edit("themes", 3, "source", "hearsay"),
         3, "source", "must be one of"),
    Case("unknown-polarity", "themes", "t.csv", edit("themes", 3, "polarity", "neutral"),
         3, "polarity", "must be one of"),
    Case("week-not-monday", "themes", "t.csv", edit("themes", 4, "week_start", "2024-10-09"),
         4, "week_start", "weeks start on a Monday"),
    Case("unknown-review-in-file", "timeline", "tl.csv", edit("timeline", 2, "review", "qi-6-5", QI),
         2, "review", "is not a review in the database", review=QI),
    Case("other-review-in-file", "timeline", "tl.csv", edit("timeline", 2, "review", GOV, QI),
         2, "review", "is another review", review=QI),
    Case("phase-ends-before-it-starts", "timeline", "tl.csv", edit("timeline", 2, "planned_end", "2024-08-30", QI),
         2, "planned_end", "the phase ends before it starts", review=QI),
    Case("qi-6-4-phase-2-before-phase-1", "timeline", "tl.csv", qi64_as_printed,
         3, "planned_start", "a phase cannot start before the phase before it", review=QI),
    Case("phase-before-stored-phase", "timeline", "tl.csv", phase_before_database_phase,
         2, "planned_start", "before phase 1 starts", review=QI),
    Case("code-on-phase", "timeline", "tl.csv", edit("timeline", 2, "code", "phase-one", QI),
         2, "code", "must be blank for a phase", review=QI),
    Case("milestone-in-unknown-phase", "timeline", "tl.csv",
         lambda db: csv_bytes(set_cell(exported(db, "timeline", QI), 5, "phase_seq", "9")),
         5, "phase_seq", "is not the seq of a phase", review=QI),
    Case("milestone-due-before-start", "timeline", "tl.csv",
         lambda db: csv_bytes(set_cell(exported(db, "timeline", QI), 5, "planned_end", "2024-08-01")),
         5, "planned_end", "the milestone is due before it starts", review=QI),
    Case("unknown-review-publication", "publications", "pub.csv", edit("publications", 3, "review", "annual-report",
                                                                         None),
         3, "review", "is not a review in the database", review=None),
]
