"""Reading a board's actions into summary items: notes, closing dates and leads; never commits."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models.actions import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Action,
    ActionEvent,
    ActionLead,
)
from bot.models.leads import LeadUser
from bot.summaries.model import ActionItem, UpdateNote


class SummaryRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def items(self, board_id: int, *, open_only: bool = False) -> list[ActionItem]:
        query = select(Action).where(Action.board_id == board_id)
        if open_only:
            query = query.where(Action.status.in_(OPEN_STATUSES))
        actions = list(self._session.scalars(query.order_by(Action.id)).unique())
        ids = [action.id for action in actions]
        notes, closes = self._latest_notes(ids), self._closing_times(ids)
        return [_item(action, notes.get(action.id), closes) for action in actions]

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

    def _latest_notes(self, ids: list[int]) -> dict[int, UpdateNote]:
        # The "created" event's note is the bot's own remark ("added as completed"), not an
        # update from the lead.
        events = self._session.scalars(
            select(ActionEvent)
            .where(
                ActionEvent.action_id.in_(ids),
                ActionEvent.note.is_not(None),
                ActionEvent.note != "",
                ActionEvent.field.is_distinct_from("created"),
            )
            .order_by(ActionEvent.at, ActionEvent.id)
        )
        return {e.action_id: UpdateNote(at=e.at, actor=e.actor, text=e.note or "") for e in events}

    def _closing_times(self, ids: list[int]) -> dict[int, ActionEvent]:
        events = self._session.scalars(
            select(ActionEvent)
            .where(
                ActionEvent.action_id.in_(ids),
                ActionEvent.field == "status",
                ActionEvent.new.in_(CLOSED_STATUSES),
            )
            .order_by(ActionEvent.at, ActionEvent.id)
        )
        return {event.action_id: event for event in events}


def _item(action: Action, note: UpdateNote | None, closes: dict[int, ActionEvent]) -> ActionItem:
    closed_at = None
    if action.is_closed:
        close = closes.get(action.id)
        # An action added as already completed has no status change; it closed when added.
        closed_at = close.at if close is not None else action.created_at
    return ActionItem(
        id=action.id,
        item_no=action.item_no,
        origin_meeting=action.meeting.date if action.meeting is not None else None,
        description=action.description,
        timing_raw=action.timing_raw or "",
        due=action.deadline_end,
        leads=tuple(lead.name for lead in action.leads),
        status=action.status,
        forum=action.forum,
        closed_at=closed_at,
        latest_note=note,
        due_from=action.deadline_start,
    )
