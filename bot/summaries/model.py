"""The matters-arising summary: which actions a board should hear about at its next meeting."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from enum import StrEnum

from bot.models.actions import CLOSED_STATUSES, OPEN_STATUSES


@dataclass(frozen=True)
class UpdateNote:
    at: datetime  # timezone-aware
    actor: str  # the Slack user id of whoever wrote it
    text: str
    # How papers name the writer: their Slack name, or a readable stand-in (see
    # SummaryService); "" until the service has named them.
    actor_name: str = ""


@dataclass(frozen=True)
class ActionItem:
    id: int
    item_no: str | None  # the "No." column of the Annex A table
    origin_meeting: date | None  # the meeting where the action was agreed
    description: str
    timing_raw: str  # as written, e.g. "August/Sept 2022"; "" when blank
    due: date | None  # last day of the deadline window
    leads: tuple[str, ...]
    status: str  # one of OPEN_STATUSES or CLOSED_STATUSES
    forum: str | None  # e.g. "For discussion at the DMPC-AC Frontline Policing meeting in ..."
    closed_at: datetime | None  # when it became done or dropped
    latest_note: UpdateNote | None
    # First day of the deadline window ("October 2022" runs 1 to 31 October). None means the
    # deadline is a single day, or its start is unknown.
    due_from: date | None = None
    # Done, and awaiting the board's agreement to close it (CLOSURE_NEEDS_BOARD).
    proposed: bool = False
    # The meeting at which the board agreed to close it, when a secretary recorded one.
    closed_by_board_on: date | None = None
    # The timing the board agreed and its last day; None when it was not kept (then it is the
    # current one).
    agreed_timing_raw: str | None = None
    agreed_due: date | None = None
    # The latest change of deadline: who made it (a Slack user id), when, and their note.
    last_move: UpdateNote | None = None
    # A lead's proposed timing still waiting for a secretary, and who proposed it, when and why.
    proposal: tuple[str, UpdateNote] | None = None
    source_ref: str | None = None  # the letter it was imported from ("Our ref")
    # What a button on the action carries, so that a press on a stale message is refused.
    version: int = 0

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def deadline_moved(self) -> bool:
        """The deadline differs from the one the board agreed, later or earlier."""
        return self.agreed_timing_raw is not None and self.agreed_timing_raw != self.timing_raw

    @property
    def slipped(self) -> bool:
        """The deadline now ends after the one the board agreed. An earlier deadline is shown
        as moved but not counted: the board is owed nothing later than it asked."""
        return (
            self.deadline_moved
            and self.due is not None
            and self.agreed_due is not None
            and self.due > self.agreed_due
        )


@dataclass(frozen=True)
class SummaryInput:
    board_name: str
    board_short_name: str | None
    meeting: date  # the meeting the pack is for
    previous_meeting: date | None
    today: date
    items: tuple[ActionItem, ...]  # every action of the board
    # Extra words that identify this board in forum text; the name and short name always count.
    forum_keywords: tuple[str, ...] = ()
    # The board's zone, for turning closing and note times into calendar dates. None keeps
    # each datetime in the zone it carries.
    tz: tzinfo | None = None


class Section(StrEnum):
    OVERDUE = "overdue"
    DUE_BY_MEETING = "due"
    FOR_DISCUSSION = "discussion"
    PROPOSED_CLOSURE = "proposed"
    CLOSED_SINCE = "closed"
    NOT_YET_DUE = "later"
    NO_DEADLINE = "no-deadline"


SLIPPED_TITLE = "Slipped: deadline later than the board agreed"

SECTION_TITLES: dict[Section, str] = {
    Section.OVERDUE: "Overdue",
    Section.DUE_BY_MEETING: "Due by this meeting",
    Section.FOR_DISCUSSION: "For discussion at this meeting",
    Section.PROPOSED_CLOSURE: "Proposed for closure",
    Section.CLOSED_SINCE: "Completed or dropped since the last meeting",
    Section.NOT_YET_DUE: "Open and not yet due",
    Section.NO_DEADLINE: "No deadline set",
}


@dataclass(frozen=True)
class SummaryLine:
    item: ActionItem
    section: Section
    days_overdue: int | None  # OVERDUE only, counted from `today`
    held_over_since: date | None  # OVERDUE only: the meeting that agreed the action
    no_update: bool  # open, and no note since the previous meeting (or no note at all)


@dataclass(frozen=True)
class Totals:
    open: int
    overdue: int
    closed_since_last: int
    proposed_closure: int = 0
    slipped: int = 0


@dataclass(frozen=True)
class Summary:
    input: SummaryInput
    sections: dict[Section, tuple[SummaryLine, ...]]  # every Section, in declaration order
    totals: Totals

    def lines(self) -> tuple[SummaryLine, ...]:
        """Every line, section by section."""
        return tuple(line for section in self.sections.values() for line in section)

    @property
    def slipped(self) -> tuple[SummaryLine, ...]:
        """The lines whose deadline is later than the board agreed, earliest agreed first; each
        is also in its own section."""
        lines = [line for line in self.lines() if line.item.slipped]
        return tuple(sorted(lines, key=lambda line: (line.item.agreed_due, line.item.id)))


def build_summary(data: SummaryInput) -> Summary:
    """Sort every action of the board into at most one section of the matters-arising pack."""
    matcher = _forum_matcher(data)
    buckets: dict[Section, list[SummaryLine]] = {section: [] for section in Section}
    for item in data.items:
        section = _section_for(item, data, matcher)
        if section is not None:
            buckets[section].append(_line(item, section, data))
    sections = {section: tuple(sorted(lines, key=_order)) for section, lines in buckets.items()}
    totals = Totals(
        open=sum(1 for item in data.items if not item.is_closed),
        overdue=len(sections[Section.OVERDUE]),
        closed_since_last=len(sections[Section.CLOSED_SINCE]),
        proposed_closure=len(sections[Section.PROPOSED_CLOSURE]),
        slipped=sum(1 for section in sections.values() for line in section if line.item.slipped),
    )
    return Summary(input=data, sections=sections, totals=totals)


def _section_for(
    item: ActionItem, data: SummaryInput, matcher: re.Pattern[str] | None
) -> Section | None:
    """The section an action belongs in, or None when the pack leaves it out."""
    _check_status(item)
    if item.proposed:
        # The board decides on these at the meeting, however long ago the lead said done.
        proposed_by_meeting = item.closed_at is None or (
            local_date(item.closed_at, data.tz) <= data.meeting
        )
        return Section.PROPOSED_CLOSURE if proposed_by_meeting else None
    if item.is_closed:
        return Section.CLOSED_SINCE if _closed_in_period(item, data) else None
    due = item.due
    if due is not None and due < data.today:
        return Section.OVERDUE
    if due is not None and _window_reached(due, item.due_from, data.meeting):
        return Section.DUE_BY_MEETING
    if item.forum and matcher is not None and matcher.search(item.forum):
        return Section.FOR_DISCUSSION
    return Section.NO_DEADLINE if due is None else Section.NOT_YET_DUE


def _window_reached(due: date, due_from: date | None, meeting: date) -> bool:
    # A month-long deadline such as "October 2022" is a matter arising at a meeting held on
    # 20 October even though the window closes later, so the window's first day counts too.
    return due <= meeting or (due_from is not None and due_from <= meeting)


def _closed_in_period(item: ActionItem, data: SummaryInput) -> bool:
    if item.closed_at is None:
        # Without a closing date it cannot be placed after the previous meeting.
        return data.previous_meeting is None
    closed_on = local_date(item.closed_at, data.tz)
    if closed_on > data.meeting:
        return False
    return data.previous_meeting is None or closed_on > data.previous_meeting


def _line(item: ActionItem, section: Section, data: SummaryInput) -> SummaryLine:
    overdue = section is Section.OVERDUE
    return SummaryLine(
        item=item,
        section=section,
        days_overdue=(data.today - item.due).days if overdue and item.due else None,
        held_over_since=item.origin_meeting if overdue else None,
        no_update=not item.is_closed and _lacks_update(item, data),
    )


def _lacks_update(item: ActionItem, data: SummaryInput) -> bool:
    note = item.latest_note
    if note is None:
        return True
    if data.previous_meeting is None:
        return False
    return local_date(note.at, data.tz) < data.previous_meeting


def _order(line: SummaryLine) -> tuple[bool, date, int]:
    # Earliest due first, which for overdue lines is also the most overdue; undated last.
    due = line.item.due
    return (due is None, due or date.min, line.item.id)


def _forum_matcher(data: SummaryInput) -> re.Pattern[str] | None:
    names = [data.board_name, data.board_short_name or "", *data.forum_keywords]
    words = sorted({" ".join(name.split()) for name in names if name.strip()}, key=len)
    if not words:
        return None
    # Whole words only, so a short name like "PRO" does not match "progress"; any run of
    # whitespace in the forum text matches a single space in the name.
    alternatives = "|".join(r"\s+".join(map(re.escape, word.split())) for word in words[::-1])
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def local_date(moment: datetime, tz: tzinfo | None) -> date:
    """The calendar day of `moment` in the board's zone (or its own zone when tz is None)."""
    return (moment.astimezone(tz) if tz is not None else moment).date()


def _check_status(item: ActionItem) -> None:
    if item.status not in OPEN_STATUSES and item.status not in CLOSED_STATUSES:
        raise ValueError(f"action #{item.id} has unknown status {item.status!r}")
