"""The Timeline's sentences: one, none, many and ties."""
import datetime as dt

import pandas as pd

from dashboard.pages.timeline import panels as tp
from data_access.timeline import DONE, NOT_STARTED, RUNNING_LATE

DAY = dt.date(2024, 10, 1)


def gantt(*milestones):
    rows = [{"kind": "phase", "name": "Phase 1", "planned_start": dt.date(2024, 9, 1),
             "planned_end": dt.date(2024, 12, 1), "actual_end": None, "status": "in progress", "slippage_days": 0}]
    for name, status, actual, slip in milestones:
        rows.append({"kind": "milestone", "name": name, "planned_start": None, "planned_end": dt.date(2024, 9, 20),
                     "actual_end": actual, "status": status, "slippage_days": slip})
    return pd.DataFrame(rows)


def test_gantt_sentence_for_one_and_many():
    one = tp.gantt_summary(gantt(("Report", RUNNING_LATE, None, 11)), DAY)
    assert "0 of 1 milestone is complete" not in one  # zero takes the plural verb
    assert "0 of 1 milestone are complete (0 of them late) and 1 is overdue" in one
    assert one.endswith("the largest slippage is 11 days (Report).")
    two = tp.gantt_summary(gantt(("A", DONE, dt.date(2024, 9, 19), -1), ("B", NOT_STARTED, None, None)), DAY)
    assert "1 of 2 milestones is complete (0 of them late) and 0 are overdue." in two
    day = tp.gantt_summary(gantt(("A", RUNNING_LATE, None, 1)), DAY)
    assert "1 day (A)" in day and "1 days" not in day


def test_programme_counts_name_every_stage_of_a_tie():
    counts = pd.DataFrame({"stage": ["Phase 1", "Phase 2", "Report published"], "partnerships": [3, 3, 2]})
    assert tp.programme_summary(None, counts) == \
        "8 partnerships in the programme; the most at any one stage is 3: Phase 1 and Phase 2."
    one = pd.DataFrame({"stage": ["Phase 1", "Phase 2"], "partnerships": [1, 0]})
    assert tp.programme_summary(None, one) == "1 partnership in the programme; the most at any one stage is 1: Phase 1."
    none = pd.DataFrame({"stage": ["Phase 1"], "partnerships": [0]})
    assert tp.programme_summary(None, none) == "No joint inspections to show."


def test_the_joint_inspections_timeline_is_the_programme_not_six_milestones(seeded_db):
    from dashboard.context import Ask
    from data_access.scope import Scope

    joint = tp.Filters("joint-inspections-children-at-risk")
    leader = tp.gantt_panel(Ask(seeded_db, Scope("leader"), DAY), joint)
    assert "of 6 milestones" not in leader.summary and leader.summary.startswith("A rolling programme: 8 partnerships")
    assert len(leader.table) == 8 and leader.table["Report published"].notna().sum() == 2
    presenter = tp.gantt_panel(Ask(seeded_db, Scope("presenter"), DAY), joint)
    assert list(presenter.table.columns) == ["Stage", "Partnerships"] and presenter.table.Partnerships.sum() == 8
    mine = tp.gantt_panel(Ask(seeded_db, Scope("coordinator", "S12000017"), DAY), joint)
    assert list(mine.table.Partnership) == ["Highland"] and "Highland: Report published, week 22" in mine.summary


def test_from_alone_or_to_alone_narrows_every_timeline_chart(seeded_db):
    from dashboard.context import Ask
    from data_access.scope import Scope

    ask = Ask(seeded_db, Scope("leader"), DAY)
    for params, first, last in (({"start": "2024-09-01"}, "2024-09-01", None), ({"end": "2024-09-30"}, None,
                                                                             "2024-09-30")):
        f = tp.Filters.parse({"review": "social-work-governance", **params})
        assert f.window is not None
        for panel in (tp.gantt_panel, tp.portfolio_panel, tp.programme_panel):
            span = panel(ask, f).figure["layout"]["xaxis"]["range"]
            assert span[0] < span[1]
            assert first is None or span[0] == first
            assert last is None or span[1] == last
    assert "range" not in tp.gantt_panel(ask, tp.Filters.parse({"review": "social-work-governance"})).figure[
        "layout"]["xaxis"]
