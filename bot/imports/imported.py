"""Actions a file may be matched against, read as plain rows: `ImportedAction`, not ORM objects.

Planning an import compares each row of the file with the action it would update: thousands of
them for a letter imported again. Built as ORM objects with their leads and meetings, they cost
more than the rest of the plan; the plan only reads them. Applying it loads, as ORM objects,
just the actions it changes (`ImportRepository.actions`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from bot.models.actions import Action, ActionLead, ActionTraits, Status
from bot.models.boards import Board, Meeting
from bot.models.leads import Lead
from bot.timing import Deadline

_A = Action.__table__.c
_BOARD, _MEETING = Board.__table__, Meeting.__table__
_LINK, _LEAD = ActionLead.__table__, Lead.__table__


@dataclass(frozen=True)
class ImportedAction(ActionTraits):
    id: int
    item_no: str | None
    description: str
    status: Status
    timing_raw: str
    deadline_end: date | None
    agreed_timing_raw: str | None
    agreed_deadline_end: date | None
    closure_confirmed_at: datetime | None
    forum: str | None
    board_id: int | None
    board_name: str | None
    meeting_date: date | None
    lead_ids: tuple[int, ...] = ()  # in the action's order
    leads: tuple[str, ...] = ()  # their names

    @property
    def lead_names(self) -> str:
        return " and ".join(self.leads)

    def has_deadline(self, deadline: Deadline) -> bool:
        """Whether `deadline` is the current one or the one the board agreed. A letter read
        again gives the agreed one, and that must not undo a move made since."""
        agreed = (self.agreed_timing, self.agreed_deadline_end)
        return (deadline.raw, deadline.end) in {(self.timing_raw, self.deadline_end), agreed}


def imported_actions(session: Session, where: ColumnElement[bool]) -> list[ImportedAction]:
    """The actions that match `where` (on the actions table), in the order of their ids."""
    statement = (
        select(
            _A.id,
            _A.item_no,
            _A.description,
            _A.status,
            _A.timing_raw,
            _A.deadline_end,
            _A.agreed_timing_raw,
            _A.agreed_deadline_end,
            _A.closure_confirmed_at,
            _A.forum,
            _A.board_id,
            _BOARD.c.name.label("board_name"),
            _MEETING.c.date.label("meeting_date"),
        )
        .select_from(Action.__table__)
        .outerjoin(_BOARD, _BOARD.c.id == _A.board_id)
        .outerjoin(_MEETING, _MEETING.c.id == _A.meeting_id)
        .where(where)
        .order_by(_A.id)
    )
    found = list(session.execute(statement))
    leads: dict[int, list[tuple[int, str]]] = defaultdict(list)
    if found:
        wanted = select(_A.id).where(where).scalar_subquery()
        links = (
            select(_LINK.c.action_id, _LEAD.c.id, _LEAD.c.name)
            .join(_LEAD, _LEAD.c.id == _LINK.c.lead_id)
            .where(_LINK.c.action_id.in_(wanted))
            .order_by(_LINK.c.action_id, _LINK.c.position)
        )
        for action_id, lead_id, name in session.execute(links):
            leads[action_id].append((lead_id, name))
    return [
        ImportedAction(
            **row._mapping,
            lead_ids=tuple(lead_id for lead_id, _ in leads.get(row.id, ())),
            leads=tuple(name for _, name in leads.get(row.id, ())),
        )
        for row in found
    ]


def by_id(session: Session, ids: Sequence[int]) -> dict[int, ImportedAction]:
    """The actions with these ids that still exist."""
    if not ids:
        return {}
    return {action.id: action for action in imported_actions(session, _A.id.in_(list(ids)))}


def of_source(
    session: Session, board_id: int, source_ref: str | None, meeting_date: date | None
) -> list[ImportedAction]:
    """Actions of the board from the same letter (or, with no reference, the same meeting)."""
    if source_ref:
        return imported_actions(session, (_A.board_id == board_id) & (_A.source_ref == source_ref))
    if meeting_date:
        meeting = select(_MEETING.c.id).where(
            _MEETING.c.board_id == board_id, _MEETING.c.date == meeting_date
        )
        return imported_actions(
            session,
            (_A.board_id == board_id) & _A.source_ref.is_(None) & _A.meeting_id.in_(meeting),
        )
    return []
