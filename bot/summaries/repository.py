"""Reading a board's actions into summary items: notes, closing dates and leads; never commits.

Summaries read every action of a board, so these are column queries: no ORM object is built
for an action, a lead link or an event.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from bot.actions.deadlines import DEADLINE_FIELDS, PROPOSED
from bot.models.actions import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Action,
    ActionEvent,
    ActionLead,
)
from bot.models.boards import Meeting
from bot.models.leads import Lead, LeadUser
from bot.summaries.model import ActionItem, UpdateNote


class SummaryRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def items(self, board_id: int, *, open_only: bool = False) -> list[ActionItem]:
        ids = select(Action.id).where(Action.board_id == board_id)
        if open_only:
            ids = ids.where(Action.status.in_(OPEN_STATUSES))
        rows = self._session.execute(
            select(
                Action.id,
                Action.item_no,
                Meeting.date,
                Action.description,
                Action.timing_raw,
                Action.deadline_end,
                Action.status,
                Action.forum,
                Action.created_at,
                Action.deadline_start,
                Action.closure_pending,
                Action.closure_meeting_date,
                Action.agreed_timing_raw,
                Action.agreed_deadline_end,
                Action.source_ref,
                Action.version,
            )
            .outerjoin(Meeting, Meeting.id == Action.meeting_id)
            .where(Action.id.in_(ids))
            .order_by(Action.id)
        ).all()
        leads, notes, closes = self._leads(ids), self._latest_notes(ids), self._closing_times(ids)
        moves, proposals = self._deadline_events(ids)
        items = []
        for row in rows:
            id_, item_no, origin, description, timing, due, status, forum, created, start = row[:10]
            pending, closed_by_board_on = row.closure_pending, row.closure_meeting_date
            closed_at = None
            if status in CLOSED_STATUSES:
                # An action added as already completed has no status change; it closed when added.
                closed_at = closes.get(id_, created)
            items.append(
                ActionItem(
                    id=id_,
                    item_no=item_no,
                    origin_meeting=origin,
                    description=description,
                    timing_raw=timing or "",
                    due=due,
                    leads=tuple(leads.get(id_, ())),
                    status=status,
                    forum=forum,
                    closed_at=closed_at,
                    latest_note=notes.get(id_),
                    due_from=start,
                    proposed=bool(pending) and status == "done",
                    closed_by_board_on=closed_by_board_on,
                    agreed_timing_raw=row.agreed_timing_raw,
                    agreed_due=row.agreed_deadline_end,
                    last_move=moves.get(id_),
                    proposal=proposals.get(id_),
                    source_ref=row.source_ref,
                    version=row.version,
                )
            )
        return items

    def users_by_action(self, action_ids: list[int]) -> dict[int, list[str]]:
        """The Slack users mapped to each action's leads."""
        rows = self._session.execute(
            select(ActionLead.action_id, LeadUser.slack_user_id)
            .join(LeadUser, LeadUser.lead_id == ActionLead.lead_id)
            .where(ActionLead.action_id.in_(action_ids))
            .order_by(ActionLead.action_id, ActionLead.position, LeadUser.slack_user_id)
        )
        users: dict[int, list[str]] = defaultdict(list)
        for action_id, user_id in rows:
            if user_id not in users[action_id]:
                users[action_id].append(user_id)
        return users

    def leads_of_users(self, user_ids: set[str]) -> dict[str, list[str]]:
        """The names of the leads each Slack user answers for."""
        rows = self._session.execute(
            select(LeadUser.slack_user_id, Lead.name)
            .join(Lead, Lead.id == LeadUser.lead_id)
            .where(LeadUser.slack_user_id.in_(sorted(user_ids)))
            .order_by(LeadUser.slack_user_id, Lead.name)
        )
        found: dict[str, list[str]] = defaultdict(list)
        for user_id, name in rows:
            found[user_id].append(name)
        return found

    def _leads(self, ids: Select[Any]) -> dict[int, list[str]]:
        rows = self._session.execute(
            select(ActionLead.action_id, Lead.name)
            .join(Lead, Lead.id == ActionLead.lead_id)
            .where(ActionLead.action_id.in_(ids))
            .order_by(ActionLead.action_id, ActionLead.position)
        )
        leads: dict[int, list[str]] = defaultdict(list)
        for action_id, name in rows:
            leads[action_id].append(name)
        return leads

    def _latest_notes(self, ids: Select[Any]) -> dict[int, UpdateNote]:
        # The "created" event's note is the bot's own remark ("added as completed"), not an
        # update from the lead. Rows come oldest first, so the latest of each action stays.
        rows = self._session.execute(
            select(ActionEvent.action_id, ActionEvent.at, ActionEvent.actor, ActionEvent.note)
            .where(
                ActionEvent.action_id.in_(ids),
                ActionEvent.note.is_not(None),
                ActionEvent.note != "",
                ActionEvent.field.is_distinct_from("created"),
            )
            .order_by(ActionEvent.at, ActionEvent.id)
        )
        return {
            action_id: UpdateNote(at=at, actor=actor, text=note or "")
            for action_id, at, actor, note in rows
        }

    def _deadline_events(
        self, ids: Select[Any]
    ) -> tuple[dict[int, UpdateNote], dict[int, tuple[str, UpdateNote]]]:
        """Each action's latest move of its deadline, and its proposal still waiting for a
        secretary, with the timing proposed."""
        rows = self._session.execute(
            select(
                ActionEvent.action_id,
                ActionEvent.field,
                ActionEvent.new,
                ActionEvent.at,
                ActionEvent.actor,
                ActionEvent.note,
            )
            .where(ActionEvent.action_id.in_(ids), ActionEvent.field.in_(DEADLINE_FIELDS))
            .order_by(ActionEvent.at, ActionEvent.id)
        )
        moves: dict[int, UpdateNote] = {}
        pending: dict[int, tuple[str, UpdateNote]] = {}
        for action_id, field, new, at, actor, note in rows:
            entry = UpdateNote(at=at, actor=actor, text=note or "")
            pending.pop(action_id, None)
            if field == PROPOSED:
                pending[action_id] = (new or "", entry)
            elif field == "due":
                moves[action_id] = entry
        return moves, pending

    def _closing_times(self, ids: Select[Any]) -> dict[int, datetime]:
        rows = self._session.execute(
            select(ActionEvent.action_id, ActionEvent.at)
            .where(
                ActionEvent.action_id.in_(ids),
                ActionEvent.field == "status",
                ActionEvent.new.in_(CLOSED_STATUSES),
            )
            .order_by(ActionEvent.at, ActionEvent.id)
        )
        return {action_id: at for action_id, at in rows}
