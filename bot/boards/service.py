"""Boards and their meeting calendars: each public method is one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bot.access import Actor, Caller
from bot.boards.fields import (
    UNSET,
    apply_fields,
    board_name,
    quoted,
    require_global_secretary,
    require_manager,
)
from bot.boards.recurrence import parse_recurrence
from bot.boards.repository import (
    RULE_HORIZON,
    BoardRepository,
    named_board,
    recurrence_of,
)
from bot.clock import Clock
from bot.errors import InvalidInput, NotFound
from bot.models.boards import Board, Meeting
from bot.timing import format_date

UPCOMING_SHOWN = 6


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
    # The board's own closure rule (None: it follows CLOSURE_NEEDS_BOARD), and the setting.
    closure_needs_board: bool | None = None
    closure_default: bool = False
    # Who may move deadlines: the board's own "lead" or "secretary", or None (the global setting).
    deadline_changes: str | None = None

    @property
    def label(self) -> str:
        return self.short_name or self.name

    @property
    def deadline_rule(self) -> str:
        """Who may move its deadlines, in words."""
        return {
            "lead": "a lead moves them alone",
            "secretary": "a lead proposes, a secretary accepts",
        }.get(self.deadline_changes or "", "as DEADLINE_CHANGES says")

    @property
    def closure_by_board(self) -> bool:
        """Whether a lead's "done" waits for the board to agree."""
        own = self.closure_needs_board
        return self.closure_default if own is None else own

    @property
    def closure_rule(self) -> str:
        """How the board's actions close, and whose rule that is."""
        how = (
            "by the board: a lead's done is proposed for closure until a secretary records "
            "the meeting that agreed (/actions close)"
            if self.closure_by_board
            else "when its lead marks it done"
        )
        whose = "the CLOSURE_NEEDS_BOARD setting" if self.closure_needs_board is None else "set"
        word = "board" if self.closure_by_board else "lead"
        return f"{word} ({whose}); an action closes {how}"

    @property
    def next_meeting(self) -> date | None:
        return self.upcoming[0] if self.upcoming else None


@dataclass(frozen=True)
class BoardName:
    """A board as a form lists it: cheap to read, no calendar."""

    id: int
    name: str
    short_name: str | None


@dataclass(frozen=True)
class MeetingChange:
    board: BoardInfo
    day: date
    changed: bool  # False when the calendar already said so
    cancelled: bool = False


class BoardService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Clock,
        tz: ZoneInfo,
        *,
        closure_needs_board: bool = False,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._tz = tz
        self._closure_default = closure_needs_board

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
        closure_needs_board: bool | None = None,
        deadline_changes: str | None = None,
    ) -> BoardInfo:
        with self._sessions.begin() as session:
            require_global_secretary(by.rights(session), "create boards")
            clean = board_name(name)
            repo = BoardRepository(session)
            if repo.by_name(clean) is not None:
                raise InvalidInput(
                    f"There is already a board called {clean}. Change it with "
                    f'`/actions board set "{clean}" ...`.'
                )
            board = repo.create(clean, self._clock.now())
            board.closure_needs_board = closure_needs_board
            apply_fields(session, board, short_name, channel_id, secretaries, deadline_changes)
            return self._info(session, board)

    def change(
        self,
        by: Caller,
        name: str,
        *,
        short_name: object = UNSET,
        channel_id: object = UNSET,
        secretaries: object = UNSET,
        closure_needs_board: object = UNSET,
        deadline_changes: object = UNSET,
    ) -> BoardInfo:
        """Set the given fields; None clears the short name, channel, closure or deadline rule,
        [] the secretaries."""
        with self._sessions.begin() as session:
            require_global_secretary(
                by.rights(session), "change a board's channel, short name, secretaries or closure"
            )
            given = (short_name, channel_id, secretaries, closure_needs_board, deadline_changes)
            if all(value is UNSET for value in given):
                raise InvalidInput(
                    "Nothing to change: give short:, channel:, secretary:, closure: or deadlines:."
                )
            board = named_board(session, name)
            if closure_needs_board is not UNSET:
                board.closure_needs_board = closure_needs_board  # type: ignore[assignment]
            apply_fields(session, board, short_name, channel_id, secretaries, deadline_changes)
            return self._info(session, board)

    def get(self, name: str) -> BoardInfo:
        with self._sessions.begin() as session:
            return self._info(session, named_board(session, name))

    def all_boards(self) -> list[BoardInfo]:
        with self._sessions.begin() as session:
            return [self._info(session, board) for board in BoardRepository(session).all()]

    def names(self) -> list[BoardName]:
        with self._sessions.begin() as session:
            return [BoardName(b.id, b.name, b.short_name) for b in BoardRepository(session).all()]

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
            require_manager(actor, board, "add its meetings")
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
                keep = set(recurrence.dates_through(today + RULE_HORIZON)) if recurrence else set()
                # A rule named from a past day restates the calendar since then; stopping a
                # rule keeps its meetings that have been held.
                repo.drop_rule_meetings(board, min(day, today) if recurrence else today, keep)
                board.meeting_rule = recurrence.rule if recurrence else None
                board.meeting_rule_start = day if recurrence else None
            session.flush()
            return MeetingChange(self._info(session, board), day, changed)

    def cancel_meeting(self, by: Caller, name: str | None, day: date) -> MeetingChange:
        """Mark a meeting cancelled; kept so that the board's rule does not bring it back."""
        with self._sessions.begin() as session:
            actor = by.rights(session)
            board = choose_board(session, name, actor)
            require_manager(actor, board, "cancel its meetings")
            repo = BoardRepository(session)
            repo.extend_rule(board, self.today())
            meeting = repo.meeting_on(board, day)
            if meeting is None:
                raise NotFound(
                    f"{board.name} has no meeting on {format_date(day)}. "
                    f"`/actions meetings {quoted(board.label)}` lists its meetings."
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
            closure_needs_board=board.closure_needs_board,
            closure_default=self._closure_default,
            deadline_changes=board.deadline_changes.value if board.deadline_changes else None,
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
