"""What the Home tab shows someone: their leads' open actions and their boards, with counts."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bot.access import Caller
from bot.actions.repository import ActionQuery, ActionRepository
from bot.clock import Clock
from bot.home.repository import HomeRepository, OpenRow
from bot.models.boards import Board
from bot.models.shown import ActionRow

# How many of each part one Home view shows: with their buttons, well within Slack's 100 blocks.
ACTIONS_SHOWN = 15
BOARDS_SHOWN = 10


@dataclass(frozen=True)
class MyActions:
    """One page of the open actions of the leads a person is mapped to, soonest first."""

    leads: tuple[str, ...]
    items: list[ActionRow]
    overdue: int
    due_soon: int
    later: int
    page: int
    pages: int

    @property
    def total(self) -> int:
        return self.overdue + self.due_soon + self.later


@dataclass(frozen=True)
class BoardCounts:
    id: int
    name: str
    label: str
    previous_meeting: date | None
    next_meeting: date | None
    open: int = 0
    overdue: int = 0
    # Open, and no update note since the previous meeting (or none at all), as the summary says.
    no_update: int = 0
    # Open, with a deadline other than the one the board agreed.
    moved: int = 0


@dataclass(frozen=True)
class MyBoards:
    """One page of the boards a person is a secretary of, by name."""

    boards: list[BoardCounts]
    page: int
    pages: int
    total: int


@dataclass(frozen=True)
class Home:
    user_id: str
    today: date
    due_soon_until: date
    mine: MyActions | None  # None: mapped to no lead
    boards: MyBoards | None  # None: a secretary of no board


class HomeService:
    def __init__(
        self, sessions: sessionmaker[Session], clock: Clock, tz: ZoneInfo, *, due_soon_days: int
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._tz = tz
        self._due_soon_days = due_soon_days

    def today(self) -> date:
        return self._clock.now().astimezone(self._tz).date()

    def view(self, by: Caller, *, mine_page: int = 1, boards_page: int = 1) -> Home:
        """Someone's Home; a page past the end shows the last one (the list may have shrunk)."""
        today = self.today()
        soon = today + timedelta(days=self._due_soon_days)
        with self._sessions.begin() as session:
            actor = by.rights(session)
            mine = self._mine(session, by.user_id, today, soon, mine_page)
            boards = None
            if actor.is_any_secretary:
                ids = None if actor.is_secretary else actor.secretary_of
                boards = self._boards(session, ids, today, boards_page)
            return Home(by.user_id, today, soon, mine, boards)

    def _mine(
        self, session: Session, user_id: str, today: date, soon: date, page: int
    ) -> MyActions | None:
        repo = HomeRepository(session)
        leads = repo.lead_names(user_id)
        if not leads:
            return None
        overdue, due_soon, later = repo.group_counts(user_id, today, soon)
        pages = max(1, math.ceil((overdue + due_soon + later) / ACTIONS_SHOWN))
        page = min(max(page, 1), pages)
        items, _ = ActionRepository(session).page(
            ActionQuery(state="open", today=today, user_id=user_id),
            offset=(page - 1) * ACTIONS_SHOWN,
            limit=ACTIONS_SHOWN,
        )
        return MyActions(tuple(leads), items, overdue, due_soon, later, page, pages)

    def _boards(
        self, session: Session, ids: frozenset[int] | None, today: date, page: int
    ) -> MyBoards:
        repo = HomeRepository(session)
        boards = repo.boards(ids)
        pages = max(1, math.ceil(len(boards) / BOARDS_SHOWN))
        page = min(max(page, 1), pages)
        shown = boards[(page - 1) * BOARDS_SHOWN : page * BOARDS_SHOWN]
        wanted = [board.id for board in shown]
        previous, upcoming = repo.meetings_around(wanted, today)
        rows: dict[int, list[OpenRow]] = defaultdict(list)
        for row in repo.open_rows(wanted):
            rows[row.board_id].append(row)
        counted = [
            self._count(
                board, previous.get(board.id), upcoming.get(board.id), rows[board.id], today
            )
            for board in shown
        ]
        return MyBoards(counted, page, pages, len(boards))

    def _count(
        self,
        board: Board,
        previous: date | None,
        upcoming: date | None,
        rows: list[OpenRow],
        today: date,
    ) -> BoardCounts:
        return BoardCounts(
            id=board.id,
            name=board.name,
            label=board.label,
            previous_meeting=previous,
            next_meeting=upcoming,
            open=len(rows),
            overdue=sum(row.due is not None and row.due < today for row in rows),
            no_update=sum(self._lacks_update(row, previous) for row in rows),
            moved=sum(row.moved for row in rows),
        )

    def _lacks_update(self, row: OpenRow, previous: date | None) -> bool:
        if row.latest_note is None:
            return True
        return previous is not None and row.latest_note.astimezone(self._tz).date() < previous
