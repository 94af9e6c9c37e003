"""What a command answers: plain data that the Slack and console renderers turn into output.

`Reply` is the closed set of them; each medium renders it with one `match` that ends in
`assert_never`, so a new reply that a medium cannot show is a type error, not a runtime one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, tzinfo

from bot.actions.service import Page
from bot.boards.service import BoardInfo
from bot.models.leads import Lead, LeadEvent
from bot.models.shown import Shown
from bot.summaries.model import Summary
from bot.summaries.service import Delivery


@dataclass(frozen=True)
class Notice:
    """A sentence or two: a confirmation, a refusal or an explanation."""

    text: str
    error: bool = False
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActionCard:
    """One action, after a change or for `show` (with its history).

    `headline` says what happened ("Updated #12"); empty when the card is the whole answer.
    `caller_note` is what the caller wrote with the change, echoed back as they wrote it."""

    headline: str
    action: Shown
    today: date
    history: bool = False
    notes: tuple[str, ...] = ()
    caller_note: str | None = None
    # The zone history times are shown in (TIMEZONE); None shows them as stored, in UTC.
    zone: tzinfo | None = None


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


@dataclass(frozen=True)
class BoardCard:
    headline: str
    board: BoardInfo
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class BoardList:
    boards: tuple[BoardInfo, ...]


@dataclass(frozen=True)
class MeetingList:
    headline: str
    board: BoardInfo


@dataclass(frozen=True)
class SummaryReply:
    """The summary itself, shown only to the person who asked."""

    summary: Summary

    @property
    def board_label(self) -> str:
        data = self.summary.input
        return data.board_short_name or data.board_name


@dataclass(frozen=True)
class SummarySent:
    """Where a summary (or its file) went."""

    delivery: Delivery


@dataclass(frozen=True)
class OpenImportForm:
    """/actions import: Slack opens the import form (it needs the request's trigger_id); the
    shell says how to import from a terminal instead."""

    board: str | None = None


@dataclass(frozen=True)
class OpenAddForm:
    """/actions add with nothing after it: Slack opens the add form; the shell says how to type
    the action instead."""


Reply = (
    Notice
    | ActionCard
    | ActionList
    | LeadList
    | Help
    | BoardCard
    | BoardList
    | MeetingList
    | SummaryReply
    | SummarySent
    | OpenImportForm
    | OpenAddForm
)
