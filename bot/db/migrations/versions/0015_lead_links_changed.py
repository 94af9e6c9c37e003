"""`actions_changed` moves too when an action's leads change, so one lead's lists keep their count

Revision ID: 0015
Revises: 0014

A list of one lead's open actions counts the lead's entries in `ix_action_leads_open_by_due`:
4,800 of them for the busiest lead of a large office, most of that list's work. Such a count
changes when an action's state or deadline changes (which already moves the row, migration
0014) and when a lead is linked to an action or unlinked from it, which this adds: triggers on
`action_leads` that move the same row the same way (on PostgreSQL once a transaction, as it
commits, through 0014's function).
"""

from __future__ import annotations

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

_BUMP = "UPDATE actions_changed SET changes = changes + 1"
# A link's own columns that decide which lead's list counts it, and in which.
_MOVED = " OR ".join(
    f"OLD.{column} IS NOT NEW.{column}"
    for column in ("action_id", "lead_id", "is_open", "deadline_end")
)

SQLITE_TRIGGERS = (
    f"CREATE TRIGGER lead_links_changed_by_insert AFTER INSERT ON action_leads BEGIN {_BUMP}; END",
    f"CREATE TRIGGER lead_links_changed_by_delete AFTER DELETE ON action_leads BEGIN {_BUMP}; END",
    f"""
    CREATE TRIGGER lead_links_changed_by_update AFTER UPDATE ON action_leads
    WHEN {_MOVED}
    BEGIN {_BUMP}; END
    """,
)

POSTGRESQL_TRIGGERS = (
    """
    CREATE CONSTRAINT TRIGGER lead_links_changed_by_insert_or_delete
    AFTER INSERT OR DELETE ON action_leads DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION actions_changed()
    """,
    f"""
    CREATE CONSTRAINT TRIGGER lead_links_changed_by_update
    AFTER UPDATE ON action_leads DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN ({_MOVED.replace("IS NOT", "IS DISTINCT FROM")})
    EXECUTE FUNCTION actions_changed()
    """,
)


def upgrade() -> None:
    # Triggers only: nothing existing is rebuilt.
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRESQL_TRIGGERS if postgresql else SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER lead_links_changed_by_update ON action_leads")
        op.execute("DROP TRIGGER lead_links_changed_by_insert_or_delete ON action_leads")
    else:
        for name in ("update", "delete", "insert"):
            op.execute(f"DROP TRIGGER lead_links_changed_by_{name}")
