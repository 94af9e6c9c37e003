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


@pytest.mark.parametrize("fresh_database", BACKENDS, indirect=True)
def test_actions_a_letter_gave_as_completed_are_recorded_as_closed_by_the_board(fresh_database):
    engine = fresh_database.engine()
    upgrade(engine, "0006")
    created, later = datetime(2022, 7, 20, 12, tzinfo=UTC), datetime(2022, 8, 15, tzinfo=UTC)
    with engine.begin() as conn:
        board = conn.execute(
            text("INSERT INTO boards (name, created_at) VALUES ('PROB', :at) RETURNING id"),
            {"at": created},
        ).scalar_one()
        meeting = conn.execute(
            text(
                "INSERT INTO meetings (board_id, date, from_rule, cancelled) "
                "VALUES (:board, '2022-06-24', false, false) RETURNING id"
            ),
            {"board": board},
        ).scalar_one()
        ids = {}
        # (name, the created event's note, a later status change?)
        for name, note, changed in (
            ("letter", "imported as completed from MOPAC14072022-D4220", False),
            ("lead", "imported from MOPAC14072022-D4220", True),
            ("reopened", "imported as completed from MOPAC14072022-D4220", True),
        ):
            ids[name] = conn.execute(
                text(
                    "INSERT INTO actions (board_id, meeting_id, description, timing_raw, "
                    "granularity, status, created_by, created_at, updated_at, version) VALUES "
                    "(:board, :meeting, :name, 'Completed', 'none', 'done', 'USEC', :at, :at, 1) "
                    "RETURNING id"
                ),
                {"board": board, "meeting": meeting, "name": name, "at": created},
            ).scalar_one()
            events = [("created", None, None, note, created)]
            if changed:
                events.append(("status", "open", "done", "sent", later))
            for field, old, new, text_, at in events:
                conn.execute(
                    text(
                        "INSERT INTO action_events (action_id, at, actor, field, old, new, note) "
                        "VALUES (:id, :at, 'USEC', :field, :old, :new, :note)"
                    ),
                    {
                        "id": ids[name],
                        "at": at,
                        "field": field,
                        "old": old,
                        "new": new,
                        "note": text_,
                    },
                )
    upgrade(engine)
    with engine.connect() as conn:
        rows = {
            row.description: row
            for row in conn.execute(
                text(
                    "SELECT description, closure_pending, closure_confirmed_by, "
                    "closure_meeting_date FROM actions"
                )
            )
        }
        assert conn.execute(text("SELECT closure_needs_board FROM boards")).scalar_one() is None
        # Nothing is lost on the way: every action keeps its history.
        assert conn.execute(text("SELECT count(*) FROM action_events")).scalar_one() == 5
    assert (rows["letter"].closure_confirmed_by, str(rows["letter"].closure_meeting_date)) == (
        "USEC",
        "2022-06-24",
    )
    for name in ("lead", "reopened"):
        assert (rows[name].closure_confirmed_by, rows[name].closure_meeting_date) == (None, None)
    assert not any(row.closure_pending for row in rows.values())
    engine.dispose()


# Rows that refer to boards, leads and actions: what a migration that copies one of those
# tables (SQLite's batch mode) would silently delete through ON DELETE CASCADE.
_SEED_0006 = (
    "INSERT INTO boards (id, name, channel_id, created_at) VALUES (1, 'PROB', 'C1', :at)",
    "INSERT INTO leads (id, name, created_at) VALUES (1, 'MPS', :at)",
    "INSERT INTO board_secretaries (board_id, slack_user_id) VALUES (1, 'USEC')",
    "INSERT INTO lead_aliases (id, lead_id, alias, key) VALUES (1, 1, 'Met', 'met')",
    "INSERT INTO lead_users (lead_id, slack_user_id) VALUES (1, 'ULEAD')",
    "INSERT INTO meetings (id, board_id, date, from_rule, cancelled) "
    "VALUES (1, 1, '2022-10-20', false, false)",
    "INSERT INTO actions (id, board_id, meeting_id, description, timing_raw, granularity, "
    "status, created_by, created_at, updated_at, version) VALUES (1, 1, 1, 'Send the report', "
    "'August 2022', 'month', 'open', 'USEC', :at, :at, 1)",
    "INSERT INTO action_events (action_id, at, actor, field, note) "
    "VALUES (1, :at, 'USEC', 'created', 'added')",
    "INSERT INTO action_leads (action_id, lead_id, position) VALUES (1, 1, 0)",
)


@pytest.mark.parametrize("fresh_database", BACKENDS, indirect=True)
def test_upgrading_keeps_every_row_of_every_table(fresh_database):
    engine = fresh_database.engine()
    upgrade(engine, "0006")
    with engine.begin() as conn:
        for statement in _SEED_0006:
            conn.execute(text(statement), {"at": datetime(2022, 7, 20, tzinfo=UTC)})
    before = _row_counts(engine)
    upgrade(engine)
    after = _row_counts(engine)
    assert {table: after[table] for table in before} == before
    with engine.connect() as conn:
        assert conn.execute(text("SELECT board_id, meeting_id FROM actions")).one() == (1, 1)
        # The open action's lead keeps a copy of its open state (0013's backfill).
        assert conn.execute(text("SELECT is_open FROM action_leads")).scalar_one()
    engine.dispose()


def _row_counts(engine) -> dict[str, int]:  # type: ignore[no-untyped-def]
    from sqlalchemy import inspect

    names = [n for n in inspect(engine).get_table_names() if n != "alembic_version"]
    with engine.connect() as conn:
        return {n: conn.execute(text(f'SELECT count(*) FROM "{n}"')).scalar_one() for n in names}


@pytest.mark.parametrize("fresh_database", BACKENDS, indirect=True)
def test_existing_actions_take_their_current_deadline_as_the_agreed_one(fresh_database):
    engine = fresh_database.engine()
    upgrade(engine, "0008")
    now = datetime(2022, 7, 20, tzinfo=UTC)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO actions (description, timing_raw, deadline_start, deadline_end, "
                "granularity, status, created_by, created_at, updated_at, version) VALUES "
                "('Send the report', 'August 2022', '2022-08-01', '2022-08-31', 'month', "
                "'open', 'U1', :now, :now, 1), ('Review', '', NULL, NULL, 'none', 'open', "
                "'U1', :now, :now, 1)"
            ),
            {"now": now},
        )
    upgrade(engine, "0009")
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT agreed_timing_raw, agreed_deadline_start, agreed_deadline_end, "
                "agreed_granularity FROM actions ORDER BY id"
            )
        ).all()
    assert [tuple(str(v) if v is not None else None for v in row) for row in rows] == [
        ("August 2022", "2022-08-01", "2022-08-31", "month"),
        ("", None, None, "none"),
    ]
    engine.dispose()


@pytest.mark.parametrize("fresh_database", BACKENDS, indirect=True)
def test_undoing_the_agreed_deadlines_keeps_every_row(fresh_database):
    engine = fresh_database.engine()
    upgrade(engine)
    now = datetime(2022, 7, 20, tzinfo=UTC)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO boards (name, created_at, deadline_changes) VALUES ('A', :now, 'lead')"
            ),
            {"now": now},
        )
        conn.execute(
            text(
                "INSERT INTO meetings (board_id, date, from_rule, cancelled) "
                "VALUES (1, '2022-10-20', false, false)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO actions (board_id, description, timing_raw, granularity, status, "
                "created_by, created_at, updated_at, version) VALUES (1, 'Send the report', "
                "'August 2022', 'month', 'open', 'U1', :now, :now, 1)"
            ),
            {"now": now},
        )
        conn.execute(
            text(
                "INSERT INTO action_events (action_id, at, actor, field) "
                "VALUES (1, :now, 'U1', 'created')"
            ),
            {"now": now},
        )
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0008")
    with engine.connect() as conn:
        counts = [
            conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in ("boards", "meetings", "actions", "action_events")
        ]
    assert counts == [1, 1, 1, 1]
    engine.dispose()
