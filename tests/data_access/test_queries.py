"""Scoped reads return the right numbers on SQLite and PostgreSQL, checked by independent SQL."""
import datetime as dt

import pytest
from sqlalchemy import text

from data_access import queries
from data_access.scope import Scope
from seed_data.load import seed

AS_OF = dt.date(2024, 10, 1)
GOV = "social-work-governance"
ADMIN = Scope("admin")
EDINBURGH = Scope("coordinator", "S12000036")
PRESENTER = Scope("presenter")


@pytest.fixture
def db(migrated_db):
    seed(migrated_db)
    return migrated_db


def sql(db, statement, **params):
    with db.engine.connect() as conn:
        return conn.execute(text(statement), params).all()


def test_reviews_lists_current_phase_and_next_milestone(db):
    frame = queries.reviews(db, ADMIN, as_of=AS_OF)
    gov = frame.set_index("slug").loc[GOV]
    assert len(frame) == 4
    assert gov.current_phase == "Evidence gathering"
    assert gov.next_milestone == "Staff survey closed" and gov.days_to_next == 3
    assert queries.most_active_review(frame) == GOV


def test_coordinator_sees_only_reviews_their_authority_is_in(db):
    slugs = set(queries.reviews(db, EDINBURGH, as_of=AS_OF).slug)
    # Edinburgh is not in the joint inspection programme of the demonstration data.
    assert slugs == {"care-experienced-young-people", "self-evaluation-qi-6-4", GOV}


def test_a_review_is_visible_exactly_when_the_scopes_review_list_holds_it(db):
    all_slugs = set(queries.reviews(db, ADMIN, as_of=AS_OF).slug) | {"no-such-review", ""}
    for scope in (ADMIN, PRESENTER, Scope("leader"), Scope("inspector"), EDINBURGH, Scope("coordinator", "S12000033")):
        listed = set(queries.reviews(db, scope, as_of=AS_OF).slug)
        assert {s for s in all_slugs if queries.visible_review(db, scope, s, as_of=AS_OF)} == listed, scope


def test_authority_progress_counts_match_sql(db):
    frame = queries.authority_progress(db, ADMIN, GOV, as_of=AS_OF).set_index("gss_code")
    rows = sql(db, """
        SELECT la.gss_code,
               SUM(CASE WHEN am.completed_on <= :d THEN 1 ELSE 0 END),
               SUM(CASE WHEN (am.completed_on IS NULL OR am.completed_on > :d) AND am.due_date < :d THEN 1 ELSE 0 END)
        FROM authority_milestone am JOIN milestone m ON m.id = am.milestone_id
        JOIN review r ON r.id = m.review_id JOIN local_authority la ON la.id = am.authority_id
        WHERE r.slug = :slug GROUP BY la.gss_code""", d=AS_OF, slug=GOV)
    assert len(frame) == 32 == len(rows)
    for code, complete, overdue in rows:
        assert (frame.loc[code, "complete"], frame.loc[code, "overdue"]) == (complete, overdue)


def test_scope_limits_per_authority_rows(db):
    assert list(queries.authority_progress(db, EDINBURGH, GOV, as_of=AS_OF).gss_code) == ["S12000036"]
    assert queries.authority_progress(db, PRESENTER, GOV, as_of=AS_OF).empty
    assert queries.milestone_status(db, PRESENTER, GOV, as_of=AS_OF).empty
    assert set(queries.milestone_status(db, EDINBURGH, GOV, as_of=AS_OF).gss_code) == {"S12000036"}
    assert list(queries.local_authorities(db, EDINBURGH, as_of=AS_OF).gss_code) == ["S12000036"]
    assert queries.local_authorities(db, PRESENTER, as_of=AS_OF).empty


def test_national_status_counts_cover_every_authority_milestone(db):
    counts = queries.national_status_counts(db, PRESENTER, GOV, as_of=AS_OF)
    (total,) = sql(db, """SELECT COUNT(*) FROM authority_milestone am JOIN milestone m ON m.id = am.milestone_id
                          JOIN review r ON r.id = m.review_id WHERE r.slug = :slug""", slug=GOV)[0]
    assert counts.authorities.sum() == total
    assert set(counts.status) <= {"complete", "overdue", "due soon", "not yet due"}


def test_overdue_list_and_commentary_follow_scope(db):
    admin = queries.overdue(db, ADMIN, GOV, as_of=AS_OF)
    (n,) = sql(db, """SELECT COUNT(*) FROM authority_milestone am JOIN milestone m ON m.id = am.milestone_id
                      JOIN review r ON r.id = m.review_id WHERE r.slug = :slug AND am.due_date < :d
                      AND (am.completed_on IS NULL OR am.completed_on > :d)""", slug=GOV, d=AS_OF)[0]
    assert len(admin) == n > 0
    assert (admin.days_overdue > 0).all()
    assert "commentary" in admin.columns and admin.commentary.str.len().gt(0).any()
    assert "commentary" not in queries.overdue(db, EDINBURGH, GOV, as_of=AS_OF).columns


def test_as_of_moves_the_picture(db):
    early = queries.authority_progress(db, ADMIN, GOV, as_of=dt.date(2024, 7, 1))
    late = queries.authority_progress(db, ADMIN, GOV, as_of=dt.date(2025, 12, 31))
    assert early.complete.sum() == 0
    assert (late.complete == late.milestones).all()


def test_survey_totals_match_sql(db):
    frame = queries.survey_totals(db, ADMIN, GOV, as_of=AS_OF).set_index("code")
    (responses,) = sql(db, """SELECT SUM(d.responses) FROM survey_response_daily d JOIN survey s ON s.id = d.survey_id
                              JOIN review r ON r.id = s.review_id WHERE r.slug = :slug AND d.day <= :d""",
                       slug=GOV, d=AS_OF)[0]
    assert frame.loc["staff-survey", "responses"] == responses
    assert 0 < responses < 3935
    final = queries.survey_totals(db, ADMIN, GOV, as_of=dt.date(2024, 10, 4)).set_index("code")
    assert final.loc["staff-survey", "responses"] == 3935


def test_theme_totals_roll_sub_themes_up_to_their_theme(db):
    frame = queries.theme_totals(db, ADMIN, GOV, as_of=AS_OF)
    (total,) = sql(db, """SELECT SUM(t.tally) FROM theme_tally t JOIN theme th ON th.id = t.theme_id
                          JOIN review r ON r.id = th.review_id WHERE r.slug = :slug AND t.week_start <= :d""",
                   slug=GOV, d=AS_OF)[0]
    assert frame.tally.sum() == total
    assert set(frame.theme) == {"Oversight of statutory duties", "Role of the chief social work officer",
                                "Supervision and support", "Workforce pressures", "Upholding social work values"}


def test_phases_hide_actual_dates_after_as_of(db):
    ceyp = queries.phases(db, ADMIN, "care-experienced-young-people", as_of=AS_OF)
    assert ceyp.actual_end.iloc[0] is not None  # phase 1 finished in the summer
    gov = queries.phases(db, ADMIN, GOV, as_of=AS_OF)
    assert gov.actual_start.iloc[1] is not None and gov.actual_end.iloc[1] is None  # evidence gathering goes on


def test_unknown_review_is_not_found(db):
    with pytest.raises(queries.NotFound):
        queries.authority_progress(db, ADMIN, "no-such-review", as_of=AS_OF)
