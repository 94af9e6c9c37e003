"""Queries on actions and their history; never commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from bot.models.actions import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Action,
    ActionEvent,
    ActionLead,
)
from bot.models.boards import Meeting
from bot.models.leads import LeadUser


@dataclass(frozen=True)
class ActionQuery:
    """What a list asks for; ids are already resolved."""

    state: str = "open"  # open | overdue | done | all
    today: date | None = None
    user_id: str | None = None  # only actions whose lead is mapped to this user
    lead_id: int | None = None
    board_id: int | None = None
    meeting_date: date | None = None  # the meeting that agreed the action


class ActionRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, action_id: int, *, with_events: bool = False) -> Action | None:
        query = select(Action).where(Action.id == action_id)
        if with_events:
            query = query.options(selectinload(Action.events))
        return self._session.scalar(query)

    def add(self, action: Action) -> Action:
        self._session.add(action)
        self._session.flush()
        return action

    def record(
        self,
        action: Action,
        *,
        actor: str,
        at: datetime,
        field: str | None = None,
        old: str | None = None,
        new: str | None = None,
        note: str | None = None,
    ) -> ActionEvent:
        event = ActionEvent(
            action_id=action.id, at=at, actor=actor, field=field, old=old, new=new, note=note
        )
        self._session.add(event)
        return event

    def page(self, query: ActionQuery, *, offset: int, limit: int) -> tuple[list[Action], int]:
        """One page of matching actions and the total number that match."""
        base = _filtered(select(Action.id), query)
        total = self._session.scalar(select(func.count()).select_from(base.subquery())) or 0
        rows = _ordered(_filtered(select(Action), query), query).offset(offset).limit(limit)
        return list(self._session.scalars(rows).unique()), total


def _filtered(statement: Select[Any], query: ActionQuery) -> Select[Any]:
    if query.state in ("open", "overdue"):
        statement = statement.where(Action.status.in_(OPEN_STATUSES))
    elif query.state == "done":
        statement = statement.where(Action.status.in_(CLOSED_STATUSES))
    if query.state == "overdue":
        statement = statement.where(Action.deadline_end < query.today)
    if query.board_id is not None:
        statement = statement.where(Action.board_id == query.board_id)
    if query.meeting_date is not None:
        statement = statement.where(
            Action.meeting_id.in_(select(Meeting.id).where(Meeting.date == query.meeting_date))
        )
    if query.lead_id is not None:
        statement = statement.where(
            Action.id.in_(select(ActionLead.action_id).where(ActionLead.lead_id == query.lead_id))
        )
    if query.user_id is not None:
        mapped_leads = select(LeadUser.lead_id).where(LeadUser.slack_user_id == query.user_id)
        statement = statement.where(
            Action.id.in_(select(ActionLead.action_id).where(ActionLead.lead_id.in_(mapped_leads)))
        )
    return statement


def _ordered(statement: Select[Any], query: ActionQuery) -> Select[Any]:
    if query.state == "done":
        return statement.order_by(Action.updated_at.desc(), Action.id.desc())
    # Soonest deadline first; actions with no deadline last.
    return statement.order_by(Action.deadline_end.is_(None), Action.deadline_end, Action.id)
