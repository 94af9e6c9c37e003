"""Actions read as plain rows for a card or a list page: `ActionRow`, not ORM objects.

Reading the same columns through the ORM costs about four times as much (objects built, tracked
and their relationships loaded in turn); a reply that only shows actions has no use for that.
One statement whatever the number of actions, the actions with their board, meeting and leads'
names (a row for each lead), and for a card a second, their history: each statement costs a
round trip and the driver's and SQLAlchemy's work besides the database's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import BindParameter, Connection, bindparam, select

from bot.models.actions import Action, ActionEvent, ActionLead
from bot.models.boards import Board, Meeting
from bot.models.leads import Lead
from bot.models.shown import ActionRow, EventRow

# Table columns rather than mapped attributes, and built once: the statements then skip the ORM's
# compilation and are taken from the cache as they are.
_A = Action.__table__.c
_BOARD, _MEETING = Board.__table__, Meeting.__table__
_LINK, _LEAD, _EVENT = ActionLead.__table__, Lead.__table__, ActionEvent.__table__

_IDS: BindParameter[int] = bindparam("ids", expanding=True)
_ACTIONS = (
    select(
        _A.id,
        _A.description,
        _A.status,
        _A.timing_raw,
        _A.deadline_end,
        _A.agreed_timing_raw,
        _A.item_no,
        _A.forum,
        _A.version,
        _A.closure_pending,
        _A.closure_confirmed_at,
        _A.closure_meeting_date,
        # Looked up by key for each of the page's few actions: joined, PostgreSQL reads and
        # hashes every meeting there is, for ten rows.
        select(_BOARD.c.name)
        .where(_BOARD.c.id == _A.board_id)
        .scalar_subquery()
        .label("board_name"),
        select(_MEETING.c.date)
        .where(_MEETING.c.id == _A.meeting_id)
        .scalar_subquery()
        .label("meeting_date"),
        _LEAD.c.name.label("lead_name"),
    )
    .select_from(
        Action.__table__.outerjoin(_LINK, _LINK.c.action_id == _A.id).outerjoin(
            _LEAD, _LEAD.c.id == _LINK.c.lead_id
        )
    )
    .where(_A.id.in_(_IDS))
    .order_by(_A.id, _LINK.c.position)
)
_EVENTS = (
    select(
        _EVENT.c.action_id,
        _EVENT.c.at,
        _EVENT.c.actor,
        _EVENT.c.field,
        _EVENT.c.old,
        _EVENT.c.new,
        _EVENT.c.note,
    )
    .where(_EVENT.c.action_id.in_(_IDS))
    .order_by(_EVENT.c.action_id, _EVENT.c.id)
)


def action_rows(
    connection: Connection, ids: Sequence[int], *, history: bool = False
) -> list[ActionRow]:
    """The actions with these ids, in this order (ids not found left out); with `history`, each
    with its history."""
    if not ids:
        return []
    wanted = list(ids)
    events: dict[int, list[EventRow]] = defaultdict(list)
    if history:
        for event in connection.execute(_EVENTS, {"ids": wanted}):
            events[event.action_id].append(
                EventRow(event.at, event.actor, event.field, event.old, event.new, event.note)
            )
    columns: dict[int, dict[str, Any]] = {}
    leads: dict[int, list[str]] = defaultdict(list)
    for row in connection.execute(_ACTIONS, {"ids": wanted}):
        if row.id not in columns:
            columns[row.id] = {k: v for k, v in row._mapping.items() if k != "lead_name"}
        if row.lead_name is not None:
            leads[row.id].append(row.lead_name)
    return [
        ActionRow(**columns[i], leads=tuple(leads.get(i, ())), events=tuple(events.get(i, ())))
        for i in wanted
        if i in columns
    ]
