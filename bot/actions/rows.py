"""Actions read as plain rows for a card or a list page: `ActionRow`, not ORM objects.

Reading the same columns through the ORM costs about four times as much (objects built, tracked
and their relationships loaded in turn); a reply that only shows actions has no use for that.
Three statements whatever the number of actions: the actions with their board and meeting, their
leads' names, and (for a card) their history.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

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
    )
    .select_from(Action.__table__)
    .where(_A.id.in_(_IDS))
)
_LEADS = (
    select(_LINK.c.action_id, _LEAD.c.name)
    .join(_LEAD, _LEAD.c.id == _LINK.c.lead_id)
    .where(_LINK.c.action_id.in_(_IDS))
    .order_by(_LINK.c.action_id, _LINK.c.position)
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
    leads: dict[int, list[str]] = defaultdict(list)
    for action_id, name in connection.execute(_LEADS, {"ids": wanted}):
        leads[action_id].append(name)
    events: dict[int, list[EventRow]] = defaultdict(list)
    if history:
        for row in connection.execute(_EVENTS, {"ids": wanted}):
            events[row.action_id].append(
                EventRow(row.at, row.actor, row.field, row.old, row.new, row.note)
            )
    found = {
        row.id: ActionRow(
            **row._mapping,
            leads=tuple(leads.get(row.id, ())),
            events=tuple(events.get(row.id, ())),
        )
        for row in connection.execute(_ACTIONS, {"ids": wanted})
    }
    return [found[i] for i in wanted if i in found]
