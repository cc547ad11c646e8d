"""Rolling programmes: told from the data, one row per partnership, unnamed counts for everyone."""
import datetime as dt

from sqlalchemy import text

from data_access import programme
from data_access.scope import Scope

AS_OF = dt.date(2024, 10, 1)
JOINT = "joint-inspections-children-at-risk"


def test_a_rolling_programme_is_told_from_staggered_due_dates_not_its_name_or_kind(seeded_db):
    leader = Scope("leader")
    assert programme.is_rolling_programme(seeded_db, leader, JOINT, as_of=AS_OF)
    assert not programme.is_rolling_programme(seeded_db, leader, "social-work-governance", as_of=AS_OF)
    with seeded_db.engine.begin() as conn:
        conn.execute(text("UPDATE review SET kind = 'thematic review' WHERE slug = :s"), {"s": JOINT})
        conn.execute(text("UPDATE dataset_meta SET data_version = data_version + 1"))
    assert programme.is_rolling_programme.uncached(seeded_db, leader, JOINT, as_of=AS_OF)  # staggered dates
    assert not programme.is_rolling_programme.uncached(seeded_db, leader, "social-work-governance", as_of=AS_OF)


def test_one_row_per_partnership_with_weeks_and_reports(seeded_db):
    rows = programme.programme_partnerships(seeded_db, Scope("leader"), JOINT, as_of=AS_OF)
    assert len(rows) == 8 and rows.gss_code.is_unique
    assert list(rows.notified) == sorted(rows.notified)
    first = rows.iloc[0]
    assert first.authority == "Highland" and first.stage == "Report published"
    assert first.weeks_elapsed == (first.report_published - first.notified).days // 7
    waiting = rows[rows.stage == "Not yet notified"]
    assert len(waiting) == 1 and int(waiting.weeks_elapsed.iloc[0]) == 0
    assert rows.report_published.notna().sum() == 2


def test_counts_by_stage_are_the_same_for_every_role_and_rows_follow_the_scope(seeded_db):
    counts = {role: programme.programme_stage_counts(seeded_db, scope, JOINT, as_of=AS_OF)
              for role, scope in {"leader": Scope("leader"), "presenter": Scope("presenter"),
                                  "coordinator": Scope("coordinator", "S12000017")}.items()}
    assert all(c.partnerships.sum() == 8 for c in counts.values())
    assert counts["leader"].equals(counts["presenter"]) and counts["leader"].equals(counts["coordinator"])
    assert programme.programme_partnerships(seeded_db, Scope("presenter"), JOINT, as_of=AS_OF).empty
    own = programme.programme_partnerships(seeded_db, Scope("coordinator", "S12000017"), JOINT, as_of=AS_OF)
    assert list(own.gss_code) == ["S12000017"]
