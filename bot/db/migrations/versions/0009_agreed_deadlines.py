"""the deadline the board agreed, kept apart from the current one; who may move deadlines

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("agreed_timing_raw", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("agreed_deadline_start", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("agreed_deadline_end", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("agreed_granularity", sa.String(length=10), nullable=True))
    with op.batch_alter_table("boards", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "deadline_changes",
                sa.String(length=10),
                sa.CheckConstraint(
                    "deadline_changes IN ('lead', 'secretary')",
                    name=op.f("ck_boards_deadline_changes"),
                ),
                nullable=True,
            )
        )
    # Nothing older says what the board agreed; the deadline as it stands is the best record.
    op.execute(
        "UPDATE actions SET agreed_timing_raw = timing_raw, "
        "agreed_deadline_start = deadline_start, agreed_deadline_end = deadline_end, "
        "agreed_granularity = granularity"
    )


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35 and later) rather than a batch copy: on SQLite,
    # copying a table drops the old one, and with foreign keys on that deletes the meetings,
    # lead links and history that refer to it.
    for table, column in (
        ("boards", "deadline_changes"),
        ("actions", "agreed_granularity"),
        ("actions", "agreed_deadline_end"),
        ("actions", "agreed_deadline_start"),
        ("actions", "agreed_timing_raw"),
    ):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
