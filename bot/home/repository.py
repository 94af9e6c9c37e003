"""Queries for the Home tab: a person's open actions by group, and their boards' counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import Session

from bot.actions.repository import IS_OPEN
from bot.models.actions import Action, ActionEvent, ActionLead
from bot.models.boards import Board, Meeting
from bot.models.leads import Lead, LeadUser


@dataclass(frozen=True)
class OpenRow:
    """What the counts need of one open action of a board."""

    board_id: int
    due: date | None
    moved: bool
    latest_note: datetime | None


class HomeRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def lead_names(self, user_id: str) -> list[str]:
        """The leads this Slack user is mapped to."""
        query = select(Lead.name).join(LeadUser).where(LeadUser.slack_user_id == user_id)
        return list(self._session.scalars(query.order_by(Lead.name)))

    def group_counts(self, user_id: str, today: date, soon: date) -> tuple[int, int, int]:
        """How many of the user's open actions are overdue, due by `soon`, and later."""
        overdue = Action.deadline_end < today
        due_soon = and_(Action.deadline_end >= today, Action.deadline_end <= soon)
        row = self._session.execute(
            select(
                func.count(case((overdue, 1))),
                func.count(case((due_soon, 1))),
                func.count(),
            ).where(IS_OPEN, Action.id.in_(_actions_of(user_id)))
        ).one()
        return int(row[0]), int(row[1]), int(row[2]) - int(row[0]) - int(row[1])

    def boards(self, board_ids: frozenset[int] | None) -> list[Board]:
        """The boards with these ids (None: every board), by name."""
        query = select(Board).order_by(Board.name)
        if board_ids is not None:
            query = query.where(Board.id.in_(board_ids))
        return list(self._session.scalars(query))

    def meetings_around(
        self, board_ids: list[int], today: date
    ) -> tuple[dict[int, date], dict[int, date]]:
        """Each board's latest meeting before `today`, and its next from `today` on."""
        held = ~Meeting.cancelled & Meeting.board_id.in_(board_ids)
        previous = self._session.execute(
            select(Meeting.board_id, func.max(Meeting.date))
            .where(held, Meeting.date < today)
            .group_by(Meeting.board_id)
        )
        upcoming = self._session.execute(
            select(Meeting.board_id, func.min(Meeting.date))
            .where(held, Meeting.date >= today)
            .group_by(Meeting.board_id)
        )
        return {b: d for b, d in previous}, {b: d for b, d in upcoming}

    def open_rows(self, board_ids: list[int]) -> list[OpenRow]:
        """Every open action of these boards, with the time of its latest update note."""
        open_here = IS_OPEN & Action.board_id.in_(board_ids)
        # As the summary counts them: the "created" event's note is the bot's own remark.
        notes = (
            select(ActionEvent.action_id, func.max(ActionEvent.at).label("at"))
            .where(
                ActionEvent.action_id.in_(select(Action.id).where(open_here)),
                ActionEvent.note.is_not(None),
                ActionEvent.note != "",
                ActionEvent.field.is_distinct_from("created"),
            )
            .group_by(ActionEvent.action_id)
            .subquery()
        )
        moved = and_(
            Action.agreed_timing_raw.is_not(None), Action.agreed_timing_raw != Action.timing_raw
        )
        rows = self._session.execute(
            select(
                Action.board_id, Action.deadline_end, case((moved, True), else_=False), notes.c.at
            )
            .outerjoin(notes, notes.c.action_id == Action.id)
            .where(open_here)
        )
        return [OpenRow(int(b), due, bool(m), at) for b, due, m, at in rows]


def _actions_of(user_id: str) -> Select[int]:
    mapped_leads = select(LeadUser.lead_id).where(LeadUser.slack_user_id == user_id)
    return select(ActionLead.action_id).where(ActionLead.lead_id.in_(mapped_leads))
