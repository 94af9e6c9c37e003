"""a row the database changes with every change that can alter how many actions a list counts

Revision ID: 0014
Revises: 0013

`actions_changed.changes` moves whenever an action is added or removed, or its status or
deadline changes, in the same transaction, so a process may keep the count of everyone's open
actions until it moves (counting 45,000 open actions is most of a list's work). Triggers keep
it: no code path can forget to. On PostgreSQL the row is changed once a transaction, as it
commits (a deferred trigger), so a transaction never waits for it and then for an action
another holds. It starts at a random value, so that a rebuilt table does not take up the
numbers of the one before.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

_BUMP = "UPDATE actions_changed SET changes = changes + 1"

SQLITE_TRIGGERS = (
    f"CREATE TRIGGER actions_changed_by_insert AFTER INSERT ON actions BEGIN {_BUMP}; END",
    f"CREATE TRIGGER actions_changed_by_delete AFTER DELETE ON actions BEGIN {_BUMP}; END",
    f"""
    CREATE TRIGGER actions_changed_by_update AFTER UPDATE OF status, deadline_end ON actions
    WHEN OLD.status IS NOT NEW.status OR OLD.deadline_end IS NOT NEW.deadline_end
    BEGIN {_BUMP}; END
    """,
)

POSTGRESQL_TRIGGERS = (
    f"""
    CREATE FUNCTION actions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF current_setting('actionbot.actions_changed', true) IS DISTINCT FROM 'yes' THEN
            {_BUMP};
            PERFORM set_config('actionbot.actions_changed', 'yes', true);
        END IF;
        RETURN NULL;
    END $$
    """,
    """
    CREATE CONSTRAINT TRIGGER actions_changed_by_insert_or_delete
    AFTER INSERT OR DELETE ON actions DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION actions_changed()
    """,
    """
    CREATE CONSTRAINT TRIGGER actions_changed_by_update
    AFTER UPDATE OF status, deadline_end ON actions DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
                       OR OLD.deadline_end IS DISTINCT FROM NEW.deadline_end)
    EXECUTE FUNCTION actions_changed()
    """,
)


def upgrade() -> None:
    # A new table of one row and triggers: nothing existing is rebuilt.
    op.create_table(
        "actions_changed",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("changes", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actions_changed")),
    )
    postgresql = op.get_bind().dialect.name == "postgresql"
    start = "floor(random() * 1e12)::bigint" if postgresql else "abs(random()) % 1000000000000"
    op.execute(f"INSERT INTO actions_changed (id, changes) VALUES (1, {start})")
    for statement in POSTGRESQL_TRIGGERS if postgresql else SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER actions_changed_by_update ON actions")
        op.execute("DROP TRIGGER actions_changed_by_insert_or_delete ON actions")
        op.execute("DROP FUNCTION actions_changed()")
    else:
        for name in ("update", "delete", "insert"):
            op.execute(f"DROP TRIGGER actions_changed_by_{name}")
    op.drop_table("actions_changed")
