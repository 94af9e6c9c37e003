"""What a card or a line of a list shows of an action, whichever way it was read.

After a change the command has the mapped `Action` in hand; `show` and list pages read the
action as plain rows instead (`ActionRow`, from `bot.actions.rows`), which costs a quarter of
loading ORM objects and leaves nothing for a session to track. Renderers take `Shown`, which
both are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from bot.models.actions import ActionFields, ActionTraits, Status


class ShownEvent(Protocol):
    """One entry of an action's history, as its card shows it."""

    @property
    def at(self) -> datetime: ...
    @property
    def actor(self) -> str: ...
    @property
    def field(self) -> str | None: ...
    @property
    def old(self) -> str | None: ...
    @property
    def new(self) -> str | None: ...
    @property
    def note(self) -> str | None: ...


class Shown(ActionFields, Protocol):
    """An action as a card or a list shows it: `ActionFields` and these."""

    @property
    def id(self) -> int: ...
    @property
    def description(self) -> str: ...
    @property
    def item_no(self) -> str | None: ...
    @property
    def forum(self) -> str | None: ...
    @property
    def version(self) -> int: ...
    @property
    def closure_pending(self) -> bool: ...
    @property
    def closure_meeting_date(self) -> date | None: ...
    @property
    def board_name(self) -> str | None: ...
    @property
    def meeting_date(self) -> date | None: ...
    @property
    def lead_names(self) -> str: ...
    @property
    def events(self) -> Sequence[ShownEvent]: ...
    @property
    def due(self) -> date | None: ...
    @property
    def is_closed(self) -> bool: ...
    @property
    def closed_by_board(self) -> bool: ...
    @property
    def agreed_timing(self) -> str: ...
    @property
    def deadline_moved(self) -> bool: ...
    def is_overdue(self, today: date) -> bool: ...


@dataclass(frozen=True)
class EventRow:
    at: datetime
    actor: str
    field: str | None
    old: str | None
    new: str | None
    note: str | None


@dataclass(frozen=True)
class ActionRow(ActionTraits):
    """An action read as plain values for a card or a list page."""

    id: int
    description: str
    status: Status
    timing_raw: str
    deadline_end: date | None
    agreed_timing_raw: str | None
    item_no: str | None
    forum: str | None
    version: int
    closure_pending: bool
    closure_confirmed_at: datetime | None
    closure_meeting_date: date | None
    board_name: str | None
    meeting_date: date | None
    leads: tuple[str, ...] = ()  # the leads' names, in the action's order
    # Its history, oldest first: read for a card that shows it, empty on a list's line.
    events: tuple[EventRow, ...] = ()

    @property
    def lead_names(self) -> str:
        return " and ".join(self.leads)
