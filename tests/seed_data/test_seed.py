"""The demonstration dataset: real dates and totals, determinism and idempotence."""
import datetime as dt

from sqlalchemy import func, select

from data_access import models as m
from seed_data import generator, programme
from seed_data.load import seed

D = dt.date


def _table_rows(db, model):
    with db.reader() as s:
        cols = [c for c in model.__table__.columns if c.name not in ("id", "updated_at", "created_at")]
        return sorted((tuple(r) for r in s.execute(select(*cols))), key=repr)


def test_seed_loads_all_authorities_reviews_and_publications(migrated_db):
    seed(migrated_db)
    with migrated_db.reader() as s:
        assert s.scalar(select(func.count()).select_from(m.LocalAuthority)) == 32
        slugs = set(s.scalars(select(m.Review.slug)))
        pubs = {(p.title, p.published_on): p.downloads for p in s.scalars(select(m.Publication))}
    assert slugs == {"joint-inspections-children-at-risk", "care-experienced-young-people",
                     "self-evaluation-qi-6-4", "social-work-governance"}
    assert pubs[("Week by week guide", D(2022, 8, 16))] == 4011
    assert pubs[("More information about the review", D(2024, 5, 1))] == 3503
    assert pubs[("More information about the review", D(2024, 7, 9))] == 3311
    assert sum(pubs.values()) == 4011 + 3661 + 3503 + 3457 + 3424 + 3398 + 3311 + 3308


def test_real_review_dates(migrated_db):
    seed(migrated_db)
    with migrated_db.reader() as s:
        def milestone(slug, code):
            return s.execute(select(m.Milestone.planned_start, m.Milestone.planned_date).join(m.Review).where(
                m.Review.slug == slug, m.Milestone.code == code)).one()

        def phase(slug, seq):
            return s.execute(select(m.Phase.planned_start, m.Phase.planned_end).join(m.Review).where(
                m.Review.slug == slug, m.Phase.seq == seq)).one()

        assert milestone("social-work-governance", "notification")[1] == D(2024, 7, 15)
        assert milestone("social-work-governance", "coordinator-nominated")[1] == D(2024, 7, 19)
        assert milestone("social-work-governance", "briefing") == (D(2024, 8, 5), D(2024, 8, 16))
        assert milestone("social-work-governance", "staff-survey") == (D(2024, 8, 19), D(2024, 10, 4))
        assert milestone("social-work-governance", "document-return")[1] == D(2024, 8, 27)
        assert milestone("social-work-governance", "interviews") == (D(2024, 9, 30), D(2024, 11, 1))
        assert milestone("social-work-governance", "national-report")[1] == D(2025, 3, 17)
        assert milestone("social-work-governance", "national-webinar")[1] == D(2025, 6, 26)
        assert milestone("care-experienced-young-people", "final-report")[1] == D(2024, 11, 5)
        assert phase("self-evaluation-qi-6-4", 1) == (D(2024, 9, 2), D(2024, 11, 20))
        # The source page prints 2024 for phase 2; it means 2025 (after phase 1).
        assert phase("self-evaluation-qi-6-4", 2) == (D(2025, 1, 20), D(2025, 2, 24))
        areas = set(s.scalars(select(m.LocalAuthority.name).join(m.ReviewAuthority).join(m.Review).where(
            m.Review.slug == "care-experienced-young-people", m.ReviewAuthority.participation == "phase 2 area")))
        as_of = s.scalar(select(m.DatasetMeta.as_of))
    assert areas == {"Shetland Islands", "City of Edinburgh", "North Lanarkshire", "Dumfries and Galloway"}
    assert as_of == D(2024, 10, 1)


def test_joint_inspections_last_about_22_weeks():
    for la, notified in programme.JOINT_PROGRAMME:
        stages = generator._joint_schedule(notified)
        weeks = (stages[-1][3] - notified).days / 7
        assert 22 <= weeks <= 26, (la, weeks)


def test_governance_totals_match_the_published_figures(migrated_db):
    seed(migrated_db)
    with migrated_db.reader() as s:
        responses = s.scalar(select(func.sum(m.SurveyResponseDaily.responses)).join(m.Survey).join(m.Review).where(
            m.Review.slug == "social-work-governance", m.Survey.code == "staff-survey"))
        rollup = s.scalar(select(func.sum(m.SurveyResponseTotal.responses)).join(
            m.Survey, m.Survey.id == m.SurveyResponseTotal.survey_id).join(m.Review).where(
            m.Review.slug == "social-work-governance"))
        documents = s.scalar(select(func.sum(m.DocumentReturn.documents)).join(m.Review).where(
            m.Review.slug == "social-work-governance"))
        over = s.scalar(select(func.count()).select_from(m.SurveyResponseTotal).join(
            m.SurveyEligible, (m.SurveyEligible.survey_id == m.SurveyResponseTotal.survey_id)
            & (m.SurveyEligible.authority_id == m.SurveyResponseTotal.authority_id)).where(
            m.SurveyResponseTotal.responses > m.SurveyEligible.eligible))
    assert responses == 3935
    assert rollup == 3935
    assert documents == 1032
    assert over == 0, "an authority has more responses than eligible staff"


def test_the_same_arguments_give_the_same_data():
    a, b = generator.build(1), generator.build(1)
    assert a == b
    assert len(generator.build(2).responses) > len(a.responses)


def test_seeding_twice_changes_nothing(migrated_db):
    first = seed(migrated_db)
    version = migrated_db.data_version()
    before = {t.__tablename__: _table_rows(migrated_db, t) for t in m.REVIEW_DATA_TABLES}
    second = seed(migrated_db)
    after = {t.__tablename__: _table_rows(migrated_db, t) for t in m.REVIEW_DATA_TABLES}
    assert first.inserted > 4000
    assert (second.inserted, second.updated) == (0, 0)
    # The first load writes each authority's milestone twice: its due date from the review workbook,
    # then its progress; every other row once.
    assert second.unchanged == first.inserted + first.updated
    assert first.updated == first.by_table["authority_milestone"][1] > 0
    assert migrated_db.data_version() == version == 1
    assert before == after


def test_two_databases_seeded_alike_hold_the_same_rows(tmp_path):
    from data_access.db import Database

    dbs = []
    for name in ("a", "b"):
        db = Database(f"sqlite:///{tmp_path / name}.sqlite3")
        db.upgrade()
        seed(db)
        dbs.append(db)
    for model in (m.SurveyResponseDaily, m.ThemeTally, m.AuthorityMilestone, m.MilestoneCommentary):
        assert _table_rows(dbs[0], model) == _table_rows(dbs[1], model)


def test_scale_multiplies_volume(tmp_path):
    from data_access.db import Database

    db = Database(f"sqlite:///{tmp_path / 's.sqlite3'}")
    db.upgrade()
    seed(db, scale=3)
    with db.reader() as s:
        reviews = s.scalar(select(func.count()).select_from(m.Review))
        rows = s.scalar(select(func.count()).select_from(m.SurveyResponseDaily))
    one = generator.build(1)
    assert reviews == 6
    assert rows > len(one.responses) * 1.5
