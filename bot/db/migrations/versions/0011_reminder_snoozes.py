"""reminder snoozes: a recipient's reminders about one action held until a day

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.db.base

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A new table only: nothing existing is copied or rebuilt.
    op.create_table(
        "reminder_snoozes",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=64), nullable=False),
        sa.Column("until", sa.Date(), nullable=False),
        sa.Column("created_at", bot.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["actions.id"],
            name=op.f("fk_reminder_snoozes_action_id_actions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("action_id", "recipient", name=op.f("pk_reminder_snoozes")),
    )


def downgrade() -> None:
    op.drop_table("reminder_snoozes")
