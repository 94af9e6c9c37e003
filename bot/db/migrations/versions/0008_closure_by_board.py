"""closure of actions by the board

Revision ID: 0008
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.db.base

revision = "0008"
down_revision = "0006"
branch_labels = None
depends_on = None

# Plain ADD and DROP COLUMN, never a batch rebuild of `actions`: on SQLite a rebuild drops the
# old table, and with foreign keys on that deletes every action's history and leads (CASCADE).
_ACTION_COLUMNS = (
    ("closure_pending", sa.Boolean(), dict(server_default=sa.false(), nullable=False)),
    ("closure_confirmed_at", bot.db.base.UTCDateTime(timezone=True), dict(nullable=True)),
    ("closure_confirmed_by", sa.String(length=64), dict(nullable=True)),
    ("closure_meeting_date", sa.Date(), dict(nullable=True)),
)

# An action added or imported as "Completed" (and not changed since) was closed by the board
# at the meeting that agreed it: the letter records that decision.
_BOARD_COMPLETED = """
UPDATE actions
SET closure_confirmed_at = created_at,
    closure_confirmed_by = created_by,
    closure_meeting_date = (SELECT m.date FROM meetings m WHERE m.id = actions.meeting_id)
WHERE status = 'done'
  AND board_id IS NOT NULL
  AND EXISTS (
    SELECT 1 FROM action_events e
    WHERE e.action_id = actions.id AND e.field = 'created'
      AND (e.note LIKE 'imported as completed%' OR e.note = 'added as completed')
  )
  AND NOT EXISTS (
    SELECT 1 FROM action_events e
    WHERE e.action_id = actions.id AND e.field = 'status'
  )
"""


def upgrade() -> None:
    op.add_column("boards", sa.Column("closure_needs_board", sa.Boolean(), nullable=True))
    for name, kind, options in _ACTION_COLUMNS:
        op.add_column("actions", sa.Column(name, kind, **options))
    op.execute(_BOARD_COMPLETED)


def downgrade() -> None:
    for name, _, _ in reversed(_ACTION_COLUMNS):
        op.drop_column("actions", name)
    op.drop_column("boards", "closure_needs_board")
