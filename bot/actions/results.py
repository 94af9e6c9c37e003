"""What the action service takes and gives: plain values readable after the transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.actions.deadlines import DeadlineMove
from bot.leads.names import LeadReading
from bot.leads.service import LeadRef
from bot.models.actions import Action
from bot.models.boards import Board
from bot.models.leads import Lead
from bot.models.shown import ActionRow


@dataclass(frozen=True)
class NewAction:
    description: str
    leads: list[LeadRef]
    timing: str | None = None
    board: str | None = None
    item_no: str | None = None
    forum: str | None = None
    meeting_date: date | None = None
    source_ref: str | None = None


@dataclass
class AddResult:
    action: Action
    new_leads: list[Lead] = field(default_factory=list)
    new_board: Board | None = None
    lead_readings: list[LeadReading] = field(default_factory=list)


@dataclass(frozen=True)
class Updated:
    """A changed action, and its deadline's move or proposed move, if any."""

    action: Action
    move: DeadlineMove | None = None


@dataclass
class Page:
    items: list[ActionRow]
    number: int
    pages: int
    total: int
