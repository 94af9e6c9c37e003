"""The migrated schema matches the models."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from bot.db.migrate import current_revisions, head_revisions
from bot.models import Base


def test_migrations_reach_head_and_match_the_models(migrated_engine):
    assert sorted(current_revisions(migrated_engine)) == sorted(head_revisions())
    with migrated_engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
