"""An older database with data in it upgrades to the newest schema without losing anything."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic import command
from sqlalchemy import text

from bot.db.migrate import alembic_config, current_revisions, head_revisions, upgrade
from tests.conftest import BACKENDS


@pytest.mark.parametrize("fresh_database", BACKENDS, indirect=True)
def test_a_first_release_database_upgrades_with_its_actions(fresh_database):
    engine = fresh_database.engine()
    upgrade(engine, "0001")
    now = datetime(2022, 7, 20, tzinfo=UTC)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO actions (description, timing_raw, granularity, status, "
                "created_by, created_at, updated_at, version) VALUES ('Send the "
                "report', 'August 2022', 'month', 'open', 'U1', :now, :now, 1)"
            ),
            {"now": now},
        )
    upgrade(engine)
    assert current_revisions(engine) == head_revisions()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT description FROM actions")).scalar_one() == (
            "Send the report"
        )
    engine.dispose()


@pytest.mark.parametrize("fresh_database", BACKENDS, indirect=True)
def test_every_migration_downgrades_and_upgrades_again(fresh_database):
    engine = fresh_database.engine()
    upgrade(engine)
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert current_revisions(engine) == ()
    upgrade(engine)
    assert current_revisions(engine) == head_revisions()
    engine.dispose()
