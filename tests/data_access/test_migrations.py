"""Migrations run up from empty and back down, on SQLite and PostgreSQL alike."""
from sqlalchemy import inspect

from data_access.models import Base


def test_upgrade_from_empty_creates_every_table(empty_db):
    assert inspect(empty_db.engine).get_table_names() == []
    empty_db.upgrade()
    tables = set(inspect(empty_db.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_migrations_match_the_models(migrated_db):
    """Autogenerate finds nothing to add: the models and the migrations agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with migrated_db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_downgrade_to_base_and_up_again(migrated_db):
    migrated_db.downgrade("base")
    assert set(inspect(migrated_db.engine).get_table_names()) <= {"alembic_version"}
    migrated_db.upgrade()
    assert set(Base.metadata.tables) <= set(inspect(migrated_db.engine).get_table_names())


def test_upgrade_twice_is_harmless(migrated_db):
    migrated_db.upgrade()
    assert set(Base.metadata.tables) <= set(inspect(migrated_db.engine).get_table_names())
