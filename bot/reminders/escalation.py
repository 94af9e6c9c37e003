"""What a secretary's escalation shows beside each action: who was reminded and when, and the
latest update."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Reminded:
    """The last reminder one person (or channel) had about the action."""

    recipient: str
    at: datetime
    times: int  # how many reminders they had about it in all


@dataclass(frozen=True)
class LatestUpdate:
    at: datetime
    by: str
    what: str  # "note", "status", "deadline" ...: the history's field
    new: str | None
    note: str | None


@dataclass(frozen=True)
class EscalationFacts:
    reminded: tuple[Reminded, ...] = ()
    latest: LatestUpdate | None = None
    version: int = 0  # the action's, for its buttons
