"""Portfolio status: the one rule, its edges, its order, and the figures beside it."""
import datetime as dt

import pytest
from sqlalchemy import text

from data_access import portfolio
from data_access.portfolio import AT_RISK, BEHIND, BEHIND_AFTER_DAYS, BEHIND_SHARE, ON_TRACK
from data_access.scope import Scope

AS_OF = dt.date(2024, 10, 1)
GOV = "social-work-governance"
QI64 = "self-evaluation-qi-6-4"
LEADER = Scope("leader")


@pytest.mark.parametrize(("facts", "status"), [
    ((0, 0.0, 0, 0), ON_TRACK),
    ((0, 0.0, 1, 0), AT_RISK),
    ((0, 0.0, 0, 1), AT_RISK),
    ((0, BEHIND_SHARE, 3, 0), AT_RISK),  # exactly the share is not "more than"
    ((0, BEHIND_SHARE + 0.001, 3, 0), BEHIND),
    ((1, 0.0, 1, 0), BEHIND),
])
def test_the_rule(facts, status):
    assert portfolio.classify(*facts) == status


def test_the_rule_written_for_about_carries_its_own_numbers():
    words = " ".join(t for _, t in portfolio.STATUS_RULE)
    assert f"more than {BEHIND_AFTER_DAYS} days" in words and f"{BEHIND_SHARE:.0%}" in words
    assert [s for s, _ in portfolio.STATUS_RULE] == list(portfolio.STATUS_ORDER)


def _overdue_sql(db, slug, day):
    with db.engine.connect() as conn:
        per_la = conn.execute(text("""
            SELECT COUNT(*) FROM authority_milestone am JOIN milestone m ON m.id = am.milestone_id
            JOIN review r ON r.id = m.review_id WHERE r.slug = :s AND am.due_date < :d
            AND (am.completed_on IS NULL OR am.completed_on > :d)"""), {"s": slug, "d": day}).scalar()
        national = conn.execute(text("""
            SELECT COUNT(*) FROM milestone m JOIN review r ON r.id = m.review_id
            WHERE r.slug = :s AND NOT m.per_authority AND m.planned_date < :d
            AND (m.actual_date IS NULL OR m.actual_date > :d)"""), {"s": slug, "d": day}).scalar()
    return per_la + national


def test_overdue_counts_agree_with_independent_sql_and_the_needy_come_first(seeded_db):
    frame = portfolio.portfolio_status(seeded_db, LEADER, as_of=AS_OF)
    assert len(frame) == 4
    for r in frame.itertuples():
        assert r.overdue == _overdue_sql(seeded_db, r.slug, AS_OF), r.slug
        assert (r.overdue > 0) <= (r.standing != ON_TRACK)
    ranks = [portfolio.STATUS_ORDER.index(s) for s in frame.standing]
    assert ranks == sorted(ranks)
    assert frame.iloc[0].slug == GOV and frame.iloc[0].standing == AT_RISK  # mid-survey, below pace, overdue
    assert frame.iloc[0].slippage_days == 46 and "below the pace" in frame.iloc[0].reason


def _late_authorities(db, slug, code, n, day):
    """Make n authorities' milestone `code` more than the allowed days late as of `day`."""
    with db.engine.begin() as conn:
        ids = conn.execute(text("""SELECT am.authority_id FROM authority_milestone am
            JOIN milestone m ON m.id = am.milestone_id JOIN review r ON r.id = m.review_id
            WHERE r.slug = :s AND m.code = :c ORDER BY am.authority_id"""), {"s": slug, "c": code}).scalars().all()
        conn.execute(text("""UPDATE authority_milestone SET completed_on = NULL,
            due_date = :due WHERE milestone_id = (SELECT m.id FROM milestone m JOIN review r ON r.id = m.review_id
            WHERE r.slug = :s AND m.code = :c) AND authority_id IN ({})""".format(",".join(map(str, ids[:n])))),
                     {"s": slug, "c": code, "due": day - dt.timedelta(days=BEHIND_AFTER_DAYS + 1)})
        conn.execute(text("UPDATE dataset_meta SET data_version = data_version + 1"))
    return len(ids)


def test_behind_once_more_than_the_share_of_authorities_are_long_overdue(seeded_db):
    day = dt.date(2024, 9, 20)  # QI 6.4 phase 1 is open; nothing in it is due yet
    before = portfolio.portfolio_status(seeded_db, LEADER, as_of=day).set_index("slug")
    assert before.loc[QI64, "standing"] == ON_TRACK
    taking_part = _late_authorities(seeded_db, QI64, "self-evaluation-submitted", 3, day)
    assert taking_part == 32 and 3 / 32 <= BEHIND_SHARE < 4 / 32
    three = portfolio.portfolio_status(seeded_db, LEADER, as_of=day).set_index("slug")
    assert three.loc[QI64, "standing"] == AT_RISK and three.loc[QI64, "overdue"] == 3
    _late_authorities(seeded_db, QI64, "self-evaluation-submitted", 4, day)
    four = portfolio.portfolio_status(seeded_db, LEADER, as_of=day)
    assert four.iloc[0].slug == QI64 and four.iloc[0].standing == BEHIND
    assert four.iloc[0].reason.startswith("4 of 32 authorities more than 14 days overdue")
    assert four.iloc[0].slippage_days == BEHIND_AFTER_DAYS + 1


def test_an_overdue_national_milestone_puts_a_review_behind(seeded_db):
    with seeded_db.engine.begin() as conn:
        conn.execute(text("""UPDATE milestone SET actual_date = NULL WHERE code = 'guidance'
            AND review_id = (SELECT id FROM review WHERE slug = :s)"""), {"s": GOV})
    row = portfolio.portfolio_status(seeded_db, LEADER, as_of=AS_OF).set_index("slug").loc[GOV]
    assert row.standing == BEHIND and row.reason == "Overdue for the review as a whole: Guidance sent to co-ordinators"
    assert row.slippage_days == (AS_OF - dt.date(2024, 7, 26)).days


def test_change_since_a_week_earlier_for_a_named_role_is_exact(seeded_db):
    row = portfolio.portfolio_status(seeded_db, LEADER, as_of=AS_OF).set_index("slug").loc[GOV]
    week = AS_OF - dt.timedelta(days=7)
    with seeded_db.engine.connect() as conn:
        added = conn.execute(text("""SELECT SUM(d.responses) FROM survey_response_daily d
            JOIN survey s ON s.id = d.survey_id JOIN review r ON r.id = s.review_id
            WHERE r.slug = :s AND s.counts_people AND d.day > :w AND d.day <= :d"""),
                             {"s": GOV, "w": week, "d": AS_OF}).scalar()
        done = conn.execute(text("""SELECT COUNT(*) FROM authority_milestone am
            JOIN milestone m ON m.id = am.milestone_id JOIN review r ON r.id = m.review_id
            WHERE r.slug = :s AND am.completed_on > :w AND am.completed_on <= :d"""),
                            {"s": GOV, "w": week, "d": AS_OF}).scalar()
    assert row.responses_change == added > 0
    assert row.completed_lately == done
    assert row.responses_since == week


def test_a_coordinator_sees_only_their_authoritys_reviews(seeded_db):
    frame = portfolio.portfolio_status(seeded_db, Scope("coordinator", "S12000036"), as_of=AS_OF)
    assert "joint-inspections-children-at-risk" not in set(frame.slug) and GOV in set(frame.slug)


def test_the_one_read_for_named_roles_agrees_with_the_per_survey_reads(seeded_db):
    frame = portfolio.portfolio_status(seeded_db, LEADER, as_of=AS_OF)
    for slug in frame.slug:
        batch = portfolio._exact_survey_facts(seeded_db, [slug], AS_OF)
        one = portfolio._survey_facts(seeded_db, LEADER, slug, AS_OF)
        assert batch.get(slug, {"responses": None, "responses_change": None, "responses_since": None,
                                "below_pace": 0}) == one, slug
