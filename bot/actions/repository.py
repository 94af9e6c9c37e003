"""Queries on actions and their history; never commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import Connection, Select, func, select, text, true
from sqlalchemy.orm import Session, defaultload, selectinload

from bot.actions.pages import KeptCounts, deadline_page, leads_of
from bot.actions.rows import action_rows
from bot.models.actions import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Action,
    ActionEvent,
    ActionLead,
    status_in,
)
from bot.models.boards import Board, Meeting
from bot.models.leads import Lead, LeadUser
from bot.models.shown import ActionRow

# Written out, so that the partial indexes on actions serve the lists (see status_in).
IS_OPEN = text(status_in(OPEN_STATUSES, "actions.status"))
IS_CLOSED = text(status_in(CLOSED_STATUSES, "actions.status"))

# An action loaded as objects to be changed and shown again needs its board and meeting and its
# leads' names: not the board's secretaries, nor the leads' people and other names, which would
# cost three more queries. (`show` and lists read plain rows instead: bot/actions/rows.py.)
AS_SHOWN = (
    defaultload(Action.board).raiseload(Board.secretaries),
    defaultload(Action.lead_links).defaultload(ActionLead.lead).raiseload(Lead.aliases),
    defaultload(Action.lead_links).defaultload(ActionLead.lead).raiseload(Lead.users),
)

# Any select statement, whatever its columns.
AnySelect = TypeVar("AnySelect", bound=Select[*tuple[Any, ...]])


@dataclass(frozen=True)
class ActionQuery:
    """What a list asks for; ids are already resolved."""

    state: str = "open"  # open | overdue | done | all
    today: date | None = None
    user_id: str | None = None  # only actions whose lead is mapped to this user
    lead_id: int | None = None
    board_id: int | None = None
    meeting_date: date | None = None  # the meeting that agreed the action

    @property
    def narrowed(self) -> bool:
        """To one lead, person, board or meeting: a part of the actions, not all of them."""
        return any(
            v is not None for v in (self.user_id, self.lead_id, self.board_id, self.meeting_date)
        )


class ActionRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, action_id: int) -> Action | None:
        return self._session.scalar(select(Action).where(Action.id == action_id))

    def card(self, action_id: int) -> Action | None:
        """One action as its card shows it: board, meeting, leads and history."""
        query = select(Action).where(Action.id == action_id)
        return self._session.scalar(query.options(selectinload(Action.events), *AS_SHOWN))

    def shown(self, action_id: int) -> ActionRow | None:
        """One action as its card shows it, read as plain rows: for a reply that changes nothing."""
        found = action_rows(self._read, [action_id], history=True)
        return found[0] if found else None

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

    def latest_event(self, action_id: int, fields: tuple[str, ...]) -> ActionEvent | None:
        """The action's most recent history entry about one of `fields`."""
        return self._session.scalar(
            select(ActionEvent)
            .where(ActionEvent.action_id == action_id, ActionEvent.field.in_(fields))
            .order_by(ActionEvent.at.desc(), ActionEvent.id.desc())
            .limit(1)
        )

    def page(
        self, query: ActionQuery, *, offset: int, limit: int, kept: KeptCounts | None = None
    ) -> tuple[list[ActionRow], int]:
        """One page of matching actions and the total number that match.

        Open actions come soonest deadline first, then those with no deadline; closed ones
        latest change first. The open actions of everyone or of one lead are read in that order
        from an index (`bot.actions.pages`), closed ones from `ix_actions_closed_by_update`, so
        a page costs its own rows, not a sort of them all. A person's several leads have their
        index entries sorted. A list narrowed otherwise, to a board or a meeting, reads its few
        thousand rows at most once, counting them as it sorts. A read-only transaction may pass
        the counts it keeps of the lists read from an index (`KeptCounts`).
        """
        leads = self._only_leads(query)
        overdue_on = query.today if query.state == "overdue" else None
        if leads is not None and len(leads) > 1:
            return self._leads_page(query, leads, offset=offset, limit=limit)
        if leads == []:
            return [], 0
        if leads is None and query.narrowed:
            return self._narrowed_page(query, offset=offset, limit=limit)
        if query.state == "done":
            ids = _filtered(select(Action.id), query)
            latest_first = (Action.updated_at.desc(), Action.id.desc())
            return self._rows(ids, latest_first, offset, limit), self._count(ids)
        wanted, total = deadline_page(
            self._read,
            offset=offset,
            limit=limit,
            lead_id=leads[0] if leads else None,
            overdue_on=overdue_on,
            closed_too=query.state == "all",
            kept=kept,
        )
        return self._load(wanted), total

    def _only_leads(self, query: ActionQuery) -> list[int] | None:
        """The leads whose open actions are all this query asks for, or None if it asks more."""
        if query.state not in ("open", "overdue") or query.board_id or query.meeting_date:
            return None
        if query.lead_id is not None:
            return None if query.user_id is not None else [query.lead_id]
        if query.user_id is None:
            return None
        return leads_of(self._read, query.user_id)

    def _leads_page(
        self, query: ActionQuery, leads: list[int], *, offset: int, limit: int
    ) -> tuple[list[ActionRow], int]:
        """Open actions of a person's several leads, from `ix_action_leads_open_by_due`: their
        index entries are sorted (an action two of them share, once)."""
        link = ActionLead
        where = [link.lead_id.in_(leads), link.is_open == true()]
        if query.state == "overdue":
            where.append(link.deadline_end < query.today)
        counted = (
            select(link.action_id, func.count().over())
            .where(*where)
            .group_by(link.action_id, link.deadline_end)
            .order_by(link.deadline_end.is_(None), link.deadline_end, link.action_id)
        )
        found = self._session.execute(counted.offset(offset).limit(limit)).all()
        if not found:
            count = select(func.count(func.distinct(link.action_id))).where(*where)
            return [], self._session.scalar(count) or 0
        return self._load([row[0] for row in found]), int(found[0][1])

    def _narrowed_page(
        self, query: ActionQuery, *, offset: int, limit: int
    ) -> tuple[list[ActionRow], int]:
        order = (
            (Action.updated_at.desc(), Action.id.desc())
            if query.state == "done"
            else (Action.deadline_end.is_(None), Action.deadline_end, Action.id)
        )
        counted = _filtered(select(Action.id, func.count().over()), query).order_by(*order)
        found = self._session.execute(counted.offset(offset).limit(limit)).all()
        if not found:  # past the end: the page holds nothing, but the total is still wanted
            return [], self._count(_filtered(select(Action.id), query))
        return self._load([row[0] for row in found]), int(found[0][1])

    def _count(self, ids: Select[Any]) -> int:
        return self._session.scalar(select(func.count()).select_from(ids.subquery())) or 0

    def _rows(
        self, ids: Select[Any], order: tuple[Any, ...], offset: int, limit: int
    ) -> list[ActionRow]:
        """The actions of one ordered slice of `ids`: the slice is found on the index alone."""
        return self._load(
            list(self._session.scalars(ids.order_by(*order).offset(offset).limit(limit)))
        )

    def _load(self, wanted: list[int]) -> list[ActionRow]:
        """The actions with these ids, in this order, as a list shows them."""
        return action_rows(self._read, wanted)

    @property
    def _read(self) -> Connection:
        """The session's connection, for the statements built once that read values, not
        objects."""
        return self._session.connection()


def _filtered(statement: AnySelect, query: ActionQuery) -> AnySelect:
    if query.state in ("open", "overdue"):
        statement = statement.where(IS_OPEN)
    elif query.state == "done":
        statement = statement.where(IS_CLOSED)
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
