"""meeting recurrence, cancelled meetings and scheduled-post claims

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.db.base

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("boards", schema=None) as batch_op:
        batch_op.add_column(sa.Column("meeting_rule", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("meeting_rule_start", sa.Date(), nullable=True))

    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("from_rule", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(
            sa.Column("cancelled", sa.Boolean(), server_default=sa.false(), nullable=False)
        )

    op.create_table(
        "scheduled_posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("board_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_at", bot.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", bot.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('summary', 'update-request')", name=op.f("ck_scheduled_posts_kind")
        ),
        sa.CheckConstraint(
            "status IN ('claimed', 'sent', 'failed')", name=op.f("ck_scheduled_posts_status")
        ),
        sa.ForeignKeyConstraint(
            ["board_id"], ["boards.id"],
            name=op.f("fk_scheduled_posts_board_id_boards"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"],
            name=op.f("fk_scheduled_posts_meeting_id_meetings"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scheduled_posts")),
        sa.UniqueConstraint(
            "kind", "board_id", "meeting_id", "recipient",
            name=op.f("uq_scheduled_posts_kind_board_id_meeting_id_recipient"),
        ),
    )
    with op.batch_alter_table("scheduled_posts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_scheduled_posts_meeting_id"), ["meeting_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("scheduled_posts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scheduled_posts_meeting_id"))
    op.drop_table("scheduled_posts")

    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_column("cancelled")
        batch_op.drop_column("from_rule")

    with op.batch_alter_table("boards", schema=None) as batch_op:
        batch_op.drop_column("meeting_rule_start")
        batch_op.drop_column("meeting_rule")
