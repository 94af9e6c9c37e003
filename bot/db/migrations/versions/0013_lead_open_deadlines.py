"""each action's open state and deadline kept beside its leads, for lists of one lead's actions

Revision ID: 0013
Revises: 0012

`action_leads.is_open` and `action_leads.deadline_end` copy the action's, so that one lead's open
actions are read in deadline order from an index on `(lead_id, is_open, deadline_end, action_id)`
rather than by reading every action the lead ever had. The database keeps the copies: a trigger
fills them when a lead is linked, another when an action's status or deadline changes. No code
writes them, and no code path can forget to.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

IS_OPEN = "status IN ('open', 'in-progress', 'blocked')"

SQLITE_TRIGGERS = (
    f"""
    CREATE TRIGGER action_leads_copy_action AFTER INSERT ON action_leads
    BEGIN
        UPDATE action_leads
        SET is_open = (SELECT {IS_OPEN} FROM actions WHERE id = NEW.action_id),
            deadline_end = (SELECT deadline_end FROM actions WHERE id = NEW.action_id)
        WHERE action_id = NEW.action_id AND lead_id = NEW.lead_id;
    END
    """,
    f"""
    CREATE TRIGGER actions_copy_to_leads AFTER UPDATE OF status, deadline_end ON actions
    WHEN OLD.status IS NOT NEW.status OR OLD.deadline_end IS NOT NEW.deadline_end
    BEGIN
        UPDATE action_leads
        SET is_open = NEW.{IS_OPEN}, deadline_end = NEW.deadline_end
        WHERE action_id = NEW.id;
    END
    """,
)

POSTGRESQL_TRIGGERS = (
    f"""
    CREATE FUNCTION action_leads_copy_action() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        SELECT a.{IS_OPEN}, a.deadline_end INTO NEW.is_open, NEW.deadline_end
        FROM actions a WHERE a.id = NEW.action_id;
        RETURN NEW;
    END $$
    """,
    """
    CREATE TRIGGER action_leads_copy_action BEFORE INSERT OR UPDATE OF action_id
    ON action_leads FOR EACH ROW EXECUTE FUNCTION action_leads_copy_action()
    """,
    f"""
    CREATE FUNCTION actions_copy_to_leads() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE action_leads SET is_open = NEW.{IS_OPEN}, deadline_end = NEW.deadline_end
        WHERE action_id = NEW.id;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER actions_copy_to_leads AFTER UPDATE OF status, deadline_end ON actions
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
                       OR OLD.deadline_end IS DISTINCT FROM NEW.deadline_end)
    EXECUTE FUNCTION actions_copy_to_leads()
    """,
)


def upgrade() -> None:
    # New columns and an index only: nothing existing is rebuilt.
    op.add_column(
        "action_leads",
        sa.Column("is_open", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column("action_leads", sa.Column("deadline_end", sa.Date(), nullable=True))
    op.execute(
        f"""
        UPDATE action_leads
        SET is_open = (SELECT {IS_OPEN} FROM actions WHERE actions.id = action_leads.action_id),
            deadline_end = (
                SELECT deadline_end FROM actions WHERE actions.id = action_leads.action_id
            )
        """
    )
    op.create_index(
        "ix_action_leads_open_by_due",
        "action_leads",
        ["lead_id", "is_open", "deadline_end", "action_id"],
    )
    dialect = op.get_bind().dialect.name
    for statement in POSTGRESQL_TRIGGERS if dialect == "postgresql" else SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER actions_copy_to_leads ON actions")
        op.execute("DROP TRIGGER action_leads_copy_action ON action_leads")
        op.execute("DROP FUNCTION actions_copy_to_leads()")
        op.execute("DROP FUNCTION action_leads_copy_action()")
    else:
        op.execute("DROP TRIGGER actions_copy_to_leads")
        op.execute("DROP TRIGGER action_leads_copy_action")
    op.drop_index("ix_action_leads_open_by_due", table_name="action_leads")
    op.drop_column("action_leads", "deadline_end")
    op.drop_column("action_leads", "is_open")
