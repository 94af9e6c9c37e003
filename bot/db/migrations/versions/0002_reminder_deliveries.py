"""reminder deliveries, cursors and cached Slack profiles

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import bot.db.base

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('reminder_deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.String(length=64), nullable=False),
    sa.Column('rule', sa.String(length=80), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('claim_token', sa.String(length=32), nullable=True),
    sa.Column('retry_at', bot.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', bot.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', bot.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('error', sa.String(length=300), nullable=True),
    sa.CheckConstraint("kind IN ('reminder', 'escalation', 'unreachable')", name=op.f('ck_reminder_deliveries_kind')),
    sa.CheckConstraint("state IN ('claimed', 'sent', 'failed', 'queued', 'skipped', 'gave_up')", name=op.f('ck_reminder_deliveries_state')),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], name=op.f('fk_reminder_deliveries_action_id_actions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder_deliveries')),
    sa.UniqueConstraint('action_id', 'recipient', 'rule', 'deadline', name=op.f('uq_reminder_deliveries_action_id_recipient_rule_deadline'))
    )
    with op.batch_alter_table('reminder_deliveries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminder_deliveries_retry_at'), ['retry_at'], unique=False)

    op.create_table('reminder_cursors',
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('next_at', bot.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('generation', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], name=op.f('fk_reminder_cursors_action_id_actions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('action_id', name=op.f('pk_reminder_cursors'))
    )
    with op.batch_alter_table('reminder_cursors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminder_cursors_next_at'), ['next_at'], unique=False)

    op.create_table('reminder_profiles',
    sa.Column('user_id', sa.String(length=32), nullable=False),
    sa.Column('tz', sa.String(length=64), nullable=True),
    sa.Column('account', sa.String(length=12), nullable=False),
    sa.Column('checked_at', bot.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("account IN ('active', 'deactivated', 'missing')", name=op.f('ck_reminder_profiles_account')),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_reminder_profiles'))
    )
    # Actions already stored get a cursor that a sweep looks at straight away.
    cursors = sa.table('reminder_cursors', sa.column('action_id'), sa.column('next_at'),
                       sa.column('generation'))
    actions = sa.table('actions', sa.column('id'), sa.column('status'), sa.column('deadline_end'))
    look_now = sa.literal(datetime(2000, 1, 1, tzinfo=UTC), bot.db.base.UTCDateTime())
    op.execute(cursors.insert().from_select(
        ['action_id', 'next_at', 'generation'],
        sa.select(actions.c.id, look_now, sa.literal(0)).where(
            actions.c.status.in_(['open', 'in-progress', 'blocked']),
            actions.c.deadline_end.is_not(None),
        ),
    ))


def downgrade() -> None:
    op.drop_table('reminder_profiles')
    with op.batch_alter_table('reminder_cursors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminder_cursors_next_at'))

    op.drop_table('reminder_cursors')
    with op.batch_alter_table('reminder_deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminder_deliveries_retry_at'))

    op.drop_table('reminder_deliveries')
