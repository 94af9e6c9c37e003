"""where each reminder message landed (channel and ts), so a reply in its thread can be placed

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.db.base

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A new table only: nothing existing is rebuilt.
    op.create_table(
        "reminder_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("ts", sa.String(length=32), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("sent_at", bot.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["actions.id"],
            name=op.f("fk_reminder_messages_action_id_actions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_messages")),
        sa.UniqueConstraint(
            "channel", "ts", "action_id", name=op.f("uq_reminder_messages_channel_ts_action_id")
        ),
    )
    op.create_index(
        op.f("ix_reminder_messages_action_id"), "reminder_messages", ["action_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_reminder_messages_action_id"), table_name="reminder_messages")
    op.drop_table("reminder_messages")
