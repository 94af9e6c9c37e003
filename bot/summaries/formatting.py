"""How a summary line reads in a table cell; shared by the Markdown, CSV and Word exports."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, tzinfo

from bot.summaries.model import ActionItem, Section, Summary, SummaryLine, UpdateNote, local_date

_SLACK_USER = re.compile(r"^[UW][A-Z0-9]{2,}$")
_STATUS_LABELS = {
    "open": "Open",
    "in-progress": "In progress",
    "blocked": "Blocked",
    "done": "Done",
    "dropped": "Dropped",
}


def long_date(day: date) -> str:
    """'20 October 2022', the way the board's letters write dates."""
    # %-d is not portable (Windows), so the day goes in without padding by hand.
    return f"{day.day} {day:%B %Y}"


def number_text(line: SummaryLine) -> str:
    """The Annex number with the bot's id, '3 (#12)', so either can be looked up."""
    item = line.item
    return f"{item.item_no} (#{item.id})" if item.item_no else f"#{item.id}"


def timing_text(line: SummaryLine) -> str:
    item = line.item
    if item.timing_raw.strip():
        return item.timing_raw
    return long_date(item.due) if item.due else ""


def leads_text(line: SummaryLine) -> str:
    return ", ".join(line.item.leads)


def status_label(status: str) -> str:
    return _STATUS_LABELS.get(status, status)


def status_text(line: SummaryLine, summary: Summary) -> str:
    """The status, with how late it is or when it was closed."""
    item = line.item
    text = status_label(item.status)
    if line.days_overdue is not None:
        days = "1 day" if line.days_overdue == 1 else f"{line.days_overdue} days"
        text += f", {days} overdue"
        if line.held_over_since is not None:
            text += f" (agreed {long_date(line.held_over_since)})"
    elif item.is_closed and item.closed_by_board_on is not None:
        # The board's decision is the closing date that counts; the lead's is in the history.
        text += closure_text(item)
    elif item.is_closed and item.closed_at is not None:
        text += f" on {long_date(local_date(item.closed_at, summary.input.tz))}"
        text += closure_text(item)
    return text


def closure_text(item: ActionItem) -> str:
    """' — proposed for closure, awaiting the board', ' — closed by the board on ...' or ''."""
    if item.proposed:
        return " — proposed for closure, awaiting the board"
    if item.is_closed and item.closed_by_board_on is not None:
        return f" — closed by the board on {long_date(item.closed_by_board_on)}"
    return ""


def _as_is(text: str) -> str:
    return text


def moved_text(
    item: ActionItem,
    summary: Summary,
    who: Callable[[str], str] | None = None,
    clean: Callable[[str], str] = _as_is,
) -> str:
    """'agreed August 2022, now November 2022, moved by Alice Able on 15 September 2022: waiting
    for the data', or '' when the deadline is the one the board agreed. `who` renders the mover's
    Slack id for the medium (files name them) and `clean` escapes the written text."""
    if not item.deadline_moved:
        return ""
    agreed = clean(item.agreed_timing_raw or "") or "without a deadline"
    now = clean(item.timing_raw) or "no deadline"
    text = f"agreed {agreed}, now {now}"
    move = item.last_move
    if move is not None:
        mover = who(move.actor) if who else person(move)
        text += f", moved by {mover} on {long_date(note_day(move, summary))}"
        if move.text:
            text += f": {clean(move.text)}"
    return text


def proposal_text(
    item: ActionItem,
    summary: Summary,
    who: Callable[[str], str] | None = None,
    clean: Callable[[str], str] = _as_is,
) -> str:
    """'proposed December 2022 by Alice Able on 3 October 2022: ..., for a secretary to decide'
    or ''."""
    if item.proposal is None:
        return ""
    timing, note = item.proposal
    text = (
        f"proposed {clean(timing) or 'no deadline'} by {who(note.actor) if who else person(note)} "
        f"on {long_date(note_day(note, summary))}"
    )
    if note.text:
        text += f": {clean(note.text)}"
    return text + ", for a secretary to decide"


def update_text(line: SummaryLine, summary: Summary) -> str:
    """The deadline's move, if any, then the latest note with its date, or 'No update' when
    none has come since the last meeting."""
    item = line.item
    moved, proposed = moved_text(item, summary), proposal_text(item, summary)
    # The note given with the move or proposal is already in the lines above; say it once.
    said = item.latest_note is not None and item.latest_note in (
        item.last_move if moved else None,
        item.proposal[1] if item.proposal else None,
    )
    latest = "" if said and not line.no_update else _latest_text(line, summary)
    parts = (f"Deadline {moved}" if moved else "", f"Deadline {proposed}" if proposed else "")
    return "\n".join(part for part in (*parts, latest) if part)


def _latest_text(line: SummaryLine, summary: Summary) -> str:
    note = line.item.latest_note
    if not line.no_update:
        return note_text(note, summary) if note else ""
    previous = summary.input.previous_meeting
    if note is None:
        return "No update"
    since = f" since {long_date(previous)}" if previous else ""
    return f"No update{since} (last: {note_text(note, summary)})"


def note_text(note: UpdateNote, summary: Summary) -> str:
    """'15 September 2022, 11:00 BST, Alice Able: waiting for the data'."""
    when = f"{long_date(note_day(note, summary))}, {clock_time(note.at, summary.input.tz)}"
    return f"{when}, {person(note)}: {note.text}"


def person(note: UpdateNote) -> str:
    """Who wrote a note, by name; a Slack id is never shown bare."""
    return note.actor_name or stand_in(note.actor, ())


def stand_in(actor: str, leads: Sequence[str]) -> str:
    """A readable name for someone Slack has not named: their lead, else a labelled id."""
    if not _SLACK_USER.match(actor):
        return "the actionbot command line" if actor == "cli" else actor or "someone"
    if leads:
        return f"someone at {' and '.join(leads)}"
    return f"unnamed Slack user ({actor})"


def clock_time(moment: datetime, tz: tzinfo | None) -> str:
    """'11:00 BST': the time in the board's zone, labelled so a reader abroad is not misled."""
    local = moment.astimezone(tz) if tz is not None else moment
    label = local.tzname() or ""
    return f"{local:%H:%M} {label}".rstrip()


def note_day(note: UpdateNote, summary: Summary) -> date:
    return local_date(note.at, summary.input.tz)


def totals_text(summary: Summary) -> str:
    totals = summary.totals
    text = (
        f"Open: {totals.open}. Overdue: {totals.overdue}. "
        f"Slipped: {totals.slipped}. "
        f"Completed or dropped since the last meeting: {totals.closed_since_last}."
    )
    if totals.proposed_closure:
        text += f" Proposed for closure: {totals.proposed_closure}."
    return text


def count_rows(summary: Summary) -> list[tuple[str, int]]:
    """The figures a board looks at first, as (label, count)."""
    totals, sections = summary.totals, summary.sections
    silent = sum(1 for line in summary.lines() if line.no_update)
    return [
        ("Open actions", totals.open),
        ("Overdue", totals.overdue),
        ("Slipped: deadline later than the board agreed", totals.slipped),
        ("Due by this meeting", len(sections[Section.DUE_BY_MEETING])),
        ("For discussion at this meeting", len(sections[Section.FOR_DISCUSSION])),
        ("Proposed for closure", totals.proposed_closure),
        ("Completed or dropped since the last meeting", totals.closed_since_last),
        ("Open with no update since the last meeting", silent),
    ]


def source_text(summary: Summary) -> str:
    """Where the actions come from: the letters' references ("Our ref"), when they were imported."""
    refs = sorted({item.source_ref for item in summary.input.items if item.source_ref})
    if not refs:
        return "Source: actions recorded in actionbot."
    label = "Source reference" if len(refs) == 1 else "Source references"
    return f"{label}: {', '.join(refs)}."


def context_text(summary: Summary) -> str:
    """When the pack was prepared and which meeting it follows."""
    data = summary.input
    text = f"Prepared on {long_date(data.today)}."
    if data.previous_meeting is not None:
        text += f" Previous meeting: {long_date(data.previous_meeting)}."
    return text
