"""Boards and their meeting calendars: each public method is one transaction."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bot.access import Actor, Caller
from bot.boards.recurrence import parse_recurrence
from bot.boards.repository import (
    RULE_HORIZON,
    BoardRepository,
    named_board,
    recurrence_of,
)
from bot.clock import Clock
from bot.errors import InvalidInput, NotFound, PermissionDenied
from bot.models.boards import Board, BoardSecretary, Meeting
from bot.timing import format_date

MAX_NAME = 200
MAX_SHORT = 40
UPCOMING_SHOWN = 6
_SHORT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
CHANNEL_ID = re.compile(r"[CG][A-Z0-9]{2,}")
USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")
_UNSET: object = object()


@dataclass(frozen=True)
class BoardInfo:
    """A board as replies show it: plain values, readable after the transaction."""

    id: int
    name: str
    short_name: str | None
    channel_id: str | None
    secretary_ids: tuple[str, ...]
    recurrence: str | None
    upcoming: tuple[date, ...]
    previous_meeting: date | None
    open_actions: int

    @property
    def label(self) -> str:
        return self.short_name or self.name

    @property
    def next_meeting(self) -> date | None:
        return self.upcoming[0] if self.upcoming else None


@dataclass(frozen=True)
class MeetingChange:
    board: BoardInfo
    day: date
    changed: bool  # False when the calendar already said so
    cancelled: bool = False


class BoardService:
    def __init__(self, sessions: sessionmaker[Session], clock: Clock, tz: ZoneInfo) -> None:
        self._sessions = sessions
        self._clock = clock
        self._tz = tz

    def today(self) -> date:
        return self._clock.now().astimezone(self._tz).date()

    def create(
        self,
        by: Caller,
        name: str,
        *,
        short_name: str | None = None,
        channel_id: str | None = None,
        secretaries: list[str] | None = None,
    ) -> BoardInfo:
        with self._sessions.begin() as session:
            _require_global_secretary(by.rights(session), "create boards")
            clean = _name(name)
            repo = BoardRepository(session)
            if repo.by_name(clean) is not None:
                raise InvalidInput(
                    f"There is already a board called {clean}. Change it with "
                    f'`/actions board set "{clean}" ...`.'
                )
            board = repo.create(clean, self._clock.now())
            _apply(session, board, short_name, channel_id, secretaries)
            return self._info(session, board)

    def change(
        self,
        by: Caller,
        name: str,
        *,
        short_name: object = _UNSET,
        channel_id: object = _UNSET,
        secretaries: object = _UNSET,
    ) -> BoardInfo:
        """Set the given fields; None clears the short name or channel, [] the secretaries."""
        with self._sessions.begin() as session:
            _require_global_secretary(
                by.rights(session), "change a board's channel, short name or secretaries"
            )
            if short_name is _UNSET and channel_id is _UNSET and secretaries is _UNSET:
                raise InvalidInput("Nothing to change: give short:, channel: or secretary:.")
            board = named_board(session, name)
            _apply(session, board, short_name, channel_id, secretaries)
            return self._info(session, board)

    def get(self, name: str) -> BoardInfo:
        with self._sessions.begin() as session:
            return self._info(session, named_board(session, name))

    def all_boards(self) -> list[BoardInfo]:
        with self._sessions.begin() as session:
            return [self._info(session, board) for board in BoardRepository(session).all()]

    def schedule(self, name: str | None = None, *, by: Caller | None = None) -> BoardInfo:
        """The board's upcoming meetings; the board may be left out when the choice is clear."""
        with self._sessions.begin() as session:
            actor = by.rights(session) if by is not None else None
            return self._info(session, choose_board(session, name, actor))

    def add_meeting(
        self, by: Caller, name: str | None, day: date, *, every: str | None = None
    ) -> MeetingChange:
        """Add one meeting, and with `every` set or clear the rule that repeats it."""
        recurrence = parse_recurrence(every, day) if every is not None else None
        with self._sessions.begin() as session:
            actor = by.rights(session)
            board = choose_board(session, name, actor)
            _require_manager(actor, board, "add its meetings")
            repo = BoardRepository(session)
            meeting = repo.meeting_on(board, day)
            changed = meeting is None or meeting.cancelled
            if meeting is None:
                meeting = Meeting(board=board, date=day)
                session.add(meeting)
            meeting.cancelled = False
            meeting.from_rule = False
            if every is not None:
                changed = True
                today = self.today()
                keep = set(recurrence.dates(today, today + RULE_HORIZON)) if recurrence else set()
                repo.drop_rule_meetings(board, today, keep)
                board.meeting_rule = recurrence.rule if recurrence else None
                board.meeting_rule_start = day if recurrence else None
            session.flush()
            return MeetingChange(self._info(session, board), day, changed)

    def cancel_meeting(self, by: Caller, name: str | None, day: date) -> MeetingChange:
        """Mark a meeting cancelled; kept so that the board's rule does not bring it back."""
        with self._sessions.begin() as session:
            actor = by.rights(session)
            board = choose_board(session, name, actor)
            _require_manager(actor, board, "cancel its meetings")
            repo = BoardRepository(session)
            repo.extend_rule(board, self.today())
            meeting = repo.meeting_on(board, day)
            if meeting is None:
                raise NotFound(
                    f"{board.name} has no meeting on {format_date(day)}. "
                    f"`/actions meetings {_quoted(board.label)}` lists its meetings."
                )
            changed = not meeting.cancelled
            meeting.cancelled = True
            session.flush()
            return MeetingChange(self._info(session, board), day, changed, cancelled=True)

    def extend_calendars(self) -> int:
        """Write every board's rule out a year ahead; the number of boards that have one."""
        with self._sessions.begin() as session:
            repo = BoardRepository(session)
            boards = repo.with_rules()
            for board in boards:
                repo.extend_rule(board, self.today())
            return len(boards)

    def _info(self, session: Session, board: Board) -> BoardInfo:
        repo = BoardRepository(session)
        today = self.today()
        repo.extend_rule(board, today)
        upcoming = tuple(m.date for m in repo.upcoming(board, today)[:UPCOMING_SHOWN])
        previous = repo.previous_meeting(board, today)
        open_count = repo.open_action_count(board.id)
        rule = recurrence_of(board)
        return BoardInfo(
            id=board.id,
            name=board.name,
            short_name=board.short_name,
            channel_id=board.channel_id,
            secretary_ids=tuple(board.secretary_ids),
            recurrence=rule.describe() if rule else None,
            upcoming=upcoming,
            previous_meeting=previous.date if previous else None,
            open_actions=open_count,
        )


def choose_board(session: Session, name: str | None, actor: Actor | None) -> Board:
    """The named board; with no name, the only board, or the only one the actor is secretary of."""
    if name:
        return named_board(session, name)
    boards = BoardRepository(session).all()
    if len(boards) == 1:
        return boards[0]
    mine = [b for b in boards if actor is not None and b.id in actor.secretary_of]
    if len(mine) == 1:
        return mine[0]
    if not boards:
        raise NotFound(
            "There are no boards yet. Add one with "
            '`/actions board add "Performance and Risk Oversight Board" short:PROB`.'
        )
    names = ", ".join(b.label for b in boards)
    raise InvalidInput(f"Which board? Name it; boards: {names}.")


def _apply(
    session: Session, board: Board, short_name: object, channel_id: object, secretaries: object
) -> None:
    if short_name is not _UNSET and short_name is not None:
        short = _short(str(short_name))
        other = BoardRepository(session).by_name(short)
        if other is not None and other.id != board.id:
            raise InvalidInput(f"“{short}” already names the board {other.name}.")
        board.short_name = short
    elif short_name is None:
        board.short_name = None
    if channel_id is not _UNSET:
        board.channel_id = _channel(channel_id)
    if secretaries is not _UNSET and secretaries is not None:
        ids = list(dict.fromkeys(secretaries))  # type: ignore[call-overload]
        bad = [user for user in ids if not USER_ID.fullmatch(user)]
        if bad:
            raise InvalidInput(
                f"“{bad[0]}” is not a Slack user; mention people, e.g. secretary:@alice."
            )
        board.secretaries = [BoardSecretary(slack_user_id=user) for user in ids]
    session.flush()


def _name(name: str) -> str:
    clean = " ".join((name or "").split())
    if not clean:
        raise InvalidInput(
            'A board needs a name, e.g. `/actions board add "Performance and Risk '
            'Oversight Board" short:PROB`.'
        )
    if len(clean) > MAX_NAME:
        raise InvalidInput(f"A board name can be at most {MAX_NAME} characters.")
    return clean


def _short(value: str) -> str:
    if len(value) > MAX_SHORT or not _SHORT.fullmatch(value):
        raise InvalidInput(
            f"“{value}” cannot be a short name: use up to {MAX_SHORT} letters, "
            "digits, dots, dashes or underscores, e.g. short:PROB."
        )
    return value


def _channel(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not CHANNEL_ID.fullmatch(value):
        raise InvalidInput(
            f"“{value}” is not a Slack channel; pick it from the list Slack offers "
            "after typing #, e.g. channel:#prob-board."
        )
    return value


def _require_global_secretary(actor: Actor, what: str) -> None:
    if not actor.is_secretary:
        raise PermissionDenied(
            f"Only a secretary of every board can {what}. Ask the bot's "
            "administrator to add you to SECRETARY_USER_IDS."
        )


def _require_manager(actor: Actor, board: Board, what: str) -> None:
    if not actor.manages(board.id):
        raise PermissionDenied(
            f"Only a secretary of {board.name} can {what}. "
            f"`/actions board {_quoted(board.label)}` shows who they are."
        )


def _quoted(name: str) -> str:
    return f'"{name}"' if " " in name else name
