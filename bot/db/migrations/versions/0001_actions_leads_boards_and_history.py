"""actions, leads, boards and history

Revision ID: 0001
Revises: 
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.db.base

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('boards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('short_name', sa.String(length=40), nullable=True),
    sa.Column('channel_id', sa.String(length=32), nullable=True),
    sa.Column('created_at', bot.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_boards')),
    sa.UniqueConstraint('name', name=op.f('uq_boards_name')),
    sa.UniqueConstraint('short_name', name=op.f('uq_boards_short_name'))
    )
    op.create_table('leads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('created_at', bot.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leads'))
    )
    op.create_table('board_secretaries',
    sa.Column('board_id', sa.Integer(), nullable=False),
    sa.Column('slack_user_id', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['board_id'], ['boards.id'], name=op.f('fk_board_secretaries_board_id_boards'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('board_id', 'slack_user_id', name=op.f('pk_board_secretaries'))
    )
    with op.batch_alter_table('board_secretaries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_board_secretaries_slack_user_id'), ['slack_user_id'], unique=False)

    op.create_table('lead_aliases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lead_id', sa.Integer(), nullable=False),
    sa.Column('alias', sa.String(length=200), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['lead_id'], ['leads.id'], name=op.f('fk_lead_aliases_lead_id_leads'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lead_aliases')),
    sa.UniqueConstraint('key', name=op.f('uq_lead_aliases_key'))
    )
    with op.batch_alter_table('lead_aliases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lead_aliases_lead_id'), ['lead_id'], unique=False)

    op.create_table('lead_users',
    sa.Column('lead_id', sa.Integer(), nullable=False),
    sa.Column('slack_user_id', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['lead_id'], ['leads.id'], name=op.f('fk_lead_users_lead_id_leads'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('lead_id', 'slack_user_id', name=op.f('pk_lead_users'))
    )
    with op.batch_alter_table('lead_users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lead_users_slack_user_id'), ['slack_user_id'], unique=False)

    op.create_table('meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('board_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['board_id'], ['boards.id'], name=op.f('fk_meetings_board_id_boards'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings')),
    sa.UniqueConstraint('board_id', 'date', name=op.f('uq_meetings_board_id_date'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetings_board_id'), ['board_id'], unique=False)

    op.create_table('actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('board_id', sa.Integer(), nullable=True),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('item_no', sa.String(length=20), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('timing_raw', sa.String(length=200), nullable=False),
    sa.Column('deadline_start', sa.Date(), nullable=True),
    sa.Column('deadline_end', sa.Date(), nullable=True),
    sa.Column('granularity', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('forum', sa.Text(), nullable=True),
    sa.Column('source_ref', sa.String(length=100), nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', bot.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', bot.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('open', 'in-progress', 'blocked', 'done', 'dropped')", name=op.f('ck_actions_status')),
    sa.ForeignKeyConstraint(['board_id'], ['boards.id'], name=op.f('fk_actions_board_id_boards'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_actions_meeting_id_meetings'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_actions'))
    )
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_actions_board_id'), ['board_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_actions_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index('ix_actions_source_ref_item_no', ['source_ref', 'item_no'], unique=False)
        batch_op.create_index('ix_actions_status_deadline_end', ['status', 'deadline_end'], unique=False)

    op.create_table('action_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('at', bot.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=True),
    sa.Column('old', sa.Text(), nullable=True),
    sa.Column('new', sa.Text(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], name=op.f('fk_action_events_action_id_actions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_events'))
    )
    with op.batch_alter_table('action_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_events_action_id'), ['action_id'], unique=False)

    op.create_table('action_leads',
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('lead_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], name=op.f('fk_action_leads_action_id_actions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['lead_id'], ['leads.id'], name=op.f('fk_action_leads_lead_id_leads'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('action_id', 'lead_id', name=op.f('pk_action_leads'))
    )
    with op.batch_alter_table('action_leads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_leads_lead_id'), ['lead_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('action_leads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_leads_lead_id'))

    op.drop_table('action_leads')
    with op.batch_alter_table('action_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_events_action_id'))

    op.drop_table('action_events')
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.drop_index('ix_actions_status_deadline_end')
        batch_op.drop_index('ix_actions_source_ref_item_no')
        batch_op.drop_index(batch_op.f('ix_actions_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_actions_board_id'))

    op.drop_table('actions')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meetings_board_id'))

    op.drop_table('meetings')
    with op.batch_alter_table('lead_users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lead_users_slack_user_id'))

    op.drop_table('lead_users')
    with op.batch_alter_table('lead_aliases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lead_aliases_lead_id'))

    op.drop_table('lead_aliases')
    with op.batch_alter_table('board_secretaries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_board_secretaries_slack_user_id'))

    op.drop_table('board_secretaries')
    op.drop_table('leads')
    op.drop_table('boards')
