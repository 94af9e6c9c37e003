"""Queries on boards and meetings; never commits."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from bot.boards.recurrence import Recurrence
from bot.db.sql import insert_or_ignore, table_of
from bot.errors import NotFound
from bot.models.actions import OPEN_STATUSES, Action
from bot.models.boards import Board, Meeting, ScheduledPost

BOARDS = table_of(Board)
MEETINGS = table_of(Meeting)

# How far ahead a board's rule is written out as meetings: past a yearly rule's next date.
RULE_HORIZON = timedelta(days=400)


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

    def get_or_create(self, name: str, now: datetime) -> tuple[Board, bool]:
        """The board called `name`, created if new; two callers at once get the same board."""
        board = self.by_name(name)
        if board is not None:
            return board, False
        clean = " ".join(name.split())
        won = insert_or_ignore(
            self._session, BOARDS, [{"name": clean, "created_at": now}], returning=[BOARDS.c.id]
        )
        board = self._session.get(Board, won[0][0]) if won else self.by_name(clean)
        assert board is not None, "the board was just created, here or by another caller"
        return board, bool(won)

    def get(self, board_id: int) -> Board | None:
        return self._session.get(Board, board_id)

    def meeting(self, meeting_id: int) -> Meeting | None:
        return self._session.get(Meeting, meeting_id)

    def open_action_count(self, board_id: int) -> int:
        return (
            self._session.scalar(
                select(func.count(Action.id)).where(
                    Action.board_id == board_id, Action.status.in_(OPEN_STATUSES)
                )
            )
            or 0
        )

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
        """The first meeting from `today` on, of those written: see `extend_rule`."""
        return self._session.scalar(
            select(Meeting)
            .where(Meeting.board_id == board.id, Meeting.date >= today, ~Meeting.cancelled)
            .order_by(Meeting.date)
            .limit(1)
        )

    def previous_meeting(self, board: Board, before: date) -> Meeting | None:
        return self._session.scalar(
            select(Meeting)
            .where(Meeting.board_id == board.id, Meeting.date < before, ~Meeting.cancelled)
            .order_by(Meeting.date.desc())
            .limit(1)
        )

    def latest_meeting(self, board: Board, on_or_before: date) -> Meeting | None:
        return self._session.scalar(
            select(Meeting)
            .where(Meeting.board_id == board.id, Meeting.date <= on_or_before, ~Meeting.cancelled)
            .order_by(Meeting.date.desc())
            .limit(1)
        )

    def upcoming(self, board: Board, today: date, *, until: date | None = None) -> list[Meeting]:
        """Meetings from `today` on, of those written: see `extend_rule`."""
        query = select(Meeting).where(
            Meeting.board_id == board.id, Meeting.date >= today, ~Meeting.cancelled
        )
        if until is not None:
            query = query.where(Meeting.date <= until)
        return list(self._session.scalars(query.order_by(Meeting.date)))

    def extend_rule(self, board: Board, today: date) -> None:
        """Write the board's rule out as meetings, from its first date to RULE_HORIZON past
        `today`, with no gaps: "the last meeting" must be the rule's last date before today,
        however long ago the rule started. Reads of meetings never write, so whoever is about
        to read meetings calls this first. Dates already written (cancelled ones included)
        are left as they are."""
        rule = recurrence_of(board)
        if rule is None:
            return
        known = set(self._session.scalars(select(Meeting.date).where(Meeting.board_id == board.id)))
        missing = [
            {"board_id": board.id, "date": day, "from_rule": True, "cancelled": False}
            for day in rule.dates(rule.start - timedelta(days=1), today + RULE_HORIZON)
            if day not in known
        ]
        if missing:
            # Another process (a second scheduler, a web worker) may write the same dates at
            # once: the unique key keeps one of each, and neither writer fails.
            insert_or_ignore(self._session, MEETINGS, missing)
            self._session.expire(board, ["meetings"])

    def drop_rule_meetings(self, board: Board, after: date, keep: set[date]) -> None:
        """Forget meetings an old rule made after `after`, unless they are in `keep` or
        something refers to them: an action agreed there, or a scheduled post (its record)."""
        used = select(Action.meeting_id).where(Action.meeting_id.is_not(None))
        posted = select(ScheduledPost.meeting_id)
        for meeting in self._session.scalars(
            select(Meeting).where(
                Meeting.board_id == board.id,
                Meeting.from_rule,
                Meeting.date > after,
                Meeting.id.not_in(used),
                Meeting.id.not_in(posted),
            )
        ):
            if meeting.date not in keep:
                self._session.delete(meeting)
        self._session.flush()

    def with_rules(self) -> list[Board]:
        return list(self._session.scalars(select(Board).where(Board.meeting_rule.is_not(None))))

    def meetings_between(self, start: date, end: date) -> list[Meeting]:
        """Every board's meetings from start to end, for the scheduled posts."""
        return list(
            self._session.scalars(
                select(Meeting)
                .where(Meeting.date >= start, Meeting.date <= end, ~Meeting.cancelled)
                .order_by(Meeting.date, Meeting.id)
            )
        )


def recurrence_of(board: Board) -> Recurrence | None:
    if not board.meeting_rule or board.meeting_rule_start is None:
        return None
    return Recurrence(board.meeting_rule, board.meeting_rule_start)


def named_board(session: Session, name: str) -> Board:
    """The board called `name` (or with that short name); otherwise say which boards exist."""
    repo = BoardRepository(session)
    board = repo.by_name(name)
    if board is None:
        known = ", ".join(b.label for b in repo.all()) or "none yet"
        raise NotFound(f'No board is called "{name}". Boards: {known}.')
    return board
