"""Queries on boards and meetings; never commits."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from bot.boards.models import Board, BoardSecretary, Meeting


class BoardRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def by_name(self, name: str) -> Board | None:
        """A board by its name or short name, ignoring case."""
        key = " ".join(name.split()).casefold()
        return self._session.scalar(
            select(Board).where(
                or_(func.lower(Board.name) == key, func.lower(Board.short_name) == key)
            )
        )

    def create(self, name: str, now: datetime, short_name: str | None = None) -> Board:
        board = Board(name=" ".join(name.split()), short_name=short_name, created_at=now)
        self._session.add(board)
        self._session.flush()
        return board

    def all(self) -> list[Board]:
        return list(self._session.scalars(select(Board).order_by(Board.name)))

    def meeting_on(self, board: Board, day: date) -> Meeting | None:
        return self._session.scalar(
            select(Meeting).where(Meeting.board_id == board.id, Meeting.date == day)
        )

    def get_or_create_meeting(self, board: Board, day: date) -> Meeting:
        meeting = self.meeting_on(board, day)
        if meeting is None:
            meeting = Meeting(board=board, date=day)
            self._session.add(meeting)
            self._session.flush()
        return meeting

    def next_meeting(self, board: Board, today: date) -> Meeting | None:
        return self._session.scalar(
            select(Meeting)
            .where(Meeting.board_id == board.id, Meeting.date >= today)
            .order_by(Meeting.date)
            .limit(1)
        )

    def boards_of_secretary(self, slack_user_id: str) -> frozenset[int]:
        return frozenset(
            self._session.scalars(
                select(BoardSecretary.board_id).where(BoardSecretary.slack_user_id == slack_user_id)
            )
        )
