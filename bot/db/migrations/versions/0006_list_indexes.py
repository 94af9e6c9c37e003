"""partial indexes that serve the lists' order

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

IS_OPEN = "status IN ('open', 'in-progress', 'blocked')"
IS_CLOSED = "status IN ('done', 'dropped')"


def upgrade() -> None:
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_actions_open_by_due",
            ["deadline_end", "id"],
            unique=False,
            sqlite_where=sa.text(IS_OPEN),
            postgresql_where=sa.text(IS_OPEN),
        )
        batch_op.create_index(
            "ix_actions_closed_by_update",
            ["updated_at", "id"],
            unique=False,
            sqlite_where=sa.text(IS_CLOSED),
            postgresql_where=sa.text(IS_CLOSED),
        )


def downgrade() -> None:
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_index("ix_actions_closed_by_update")
        batch_op.drop_index("ix_actions_open_by_due")
