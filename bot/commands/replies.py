"""What a command answers: plain data that the Slack and console renderers turn into output."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.models.actions import Action
from bot.actions.service import Page
from bot.models.leads import Lead, LeadEvent


@dataclass(frozen=True)
class Notice:
    """A sentence or two: a confirmation, a refusal or an explanation."""

    text: str
    error: bool = False
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActionCard:
    """One action, after a change or for `show` (with its history)."""

    headline: str
    action: Action
    today: date
    history: bool = False
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActionList:
    title: str
    page: Page
    today: date
    # The command that shows a given page, with {page} for the number.
    page_command: str = "/actions list page:{page}"
    empty_hint: str = ""


@dataclass(frozen=True)
class LeadList:
    leads: list[Lead]
    # Shown when one lead is asked for: every change to its people and names.
    history: list[LeadEvent] = field(default_factory=list)


@dataclass(frozen=True)
class HelpEntry:
    usage: str
    summary: str
    example: str


@dataclass(frozen=True)
class Help:
    intro: str
    entries: tuple[HelpEntry, ...] = ()
    footer: tuple[str, ...] = field(default_factory=tuple)


Reply = Notice | ActionCard | ActionList | LeadList | Help
