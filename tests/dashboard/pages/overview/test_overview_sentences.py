"""The Overview's sentences: one, none, many, and a co-ordinator's own figure beside Scotland's."""
import datetime as dt

import pandas as pd

from dashboard.pages.overview import panels as op

DAY = dt.date(2024, 10, 1)


def prog(*rows):
    return pd.DataFrame([{"name": n, "gss_code": "S12000036", "complete": c, "milestones": m, "overdue": o}
                         for n, c, m, o in rows], columns=["name", "gss_code", "complete", "milestones", "overdue"])


def status(*values):
    return pd.DataFrame({"status": list(values)})


def counts(done, late, other=0):
    return pd.DataFrame({"status": ["complete", "overdue", "not yet due"], "authorities": [done, late, other]})


def test_map_sentences_agree_in_number():
    assert op.map_summary(prog(("Fife", 1, 2, 1)), named=True) == \
        "1 authority takes part; 1 has at least one overdue milestone."
    assert op.map_summary(prog(("Fife", 1, 2, 1), ("Angus", 2, 2, 0)), named=True) == \
        "2 authorities take part; 1 has at least one overdue milestone."
    assert op.map_summary(prog(("Fife", 1, 2, 0), ("Angus", 2, 2, 0)), named=True).endswith(
        "0 have at least one overdue milestone.")
    assert op.map_summary(prog(("City of Edinburgh", 0, 1, 1)), named=False) == \
        "City of Edinburgh has completed 0 of 1 milestone; 1 is overdue."
    assert op.map_summary(prog(("City of Edinburgh", 3, 5, 0)), named=False).endswith("none is overdue.")
    assert op.map_summary(prog(), named=True) == "No authority takes part in this review's milestones."


def test_matrix_and_national_never_say_one_are():
    assert op.matrix_summary(status("complete", "overdue", "due soon")) == \
        "1 of 3 authority milestones is complete; 1 is overdue."
    assert op.national_summary(counts(40, 1)) == \
        "Across Scotland, 40 of 41 authority milestones are complete and 1 is overdue."
    for text in (op.matrix_summary(status("overdue")), op.national_summary(counts(0, 1))):
        assert "1 are" not in text


def test_overdue_sentences_say_whose_figure():
    named = pd.DataFrame({"Authority": ["Fife"], "Milestone": ["x"]})
    assert op.overdue_summary(named, DAY) == "1 milestone is overdue as of 1 October 2024."
    assert op.overdue_summary(named.iloc[0:0], DAY) == "No milestones are overdue as of 1 October 2024."
    national = pd.DataFrame({"Milestone": ["a", "b"], "Authorities overdue": [1, 2]})
    assert op.overdue_summary(national, DAY) == "Across Scotland, 3 milestones are overdue as of 1 October 2024."
    mine = op.overdue_summary(named.iloc[0:0], DAY, "Shetland Islands", 2)
    assert mine == ("None of Shetland Islands' milestones is overdue as of 1 October 2024; across Scotland, "
                    "2 authority milestones are overdue.")
    assert op.overdue_summary(named, DAY, "Fife", 1).startswith("1 milestone of Fife's is overdue")
