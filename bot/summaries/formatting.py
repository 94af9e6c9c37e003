"""How a summary line reads in a table cell; shared by the Markdown, CSV and Word exports."""

from __future__ import annotations

from datetime import date

from bot.summaries.model import ActionItem, Summary, SummaryLine, UpdateNote, local_date

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


def update_text(line: SummaryLine, summary: Summary) -> str:
    """The latest note with its date, or 'No update' when none has come since the last meeting."""
    note = line.item.latest_note
    if not line.no_update:
        return note_text(note, summary) if note else ""
    previous = summary.input.previous_meeting
    if note is None:
        return "No update"
    since = f" since {long_date(previous)}" if previous else ""
    return f"No update{since} (last: {note_text(note, summary)})"


def note_text(note: UpdateNote, summary: Summary) -> str:
    who = f", {note.actor}" if note.actor else ""
    return f"{long_date(note_day(note, summary))}{who}: {note.text}"


def note_day(note: UpdateNote, summary: Summary) -> date:
    return local_date(note.at, summary.input.tz)


def totals_text(summary: Summary) -> str:
    totals = summary.totals
    text = (
        f"Open: {totals.open}. Overdue: {totals.overdue}. "
        f"Completed or dropped since the last meeting: {totals.closed_since_last}."
    )
    if totals.proposed_closure:
        text += f" Proposed for closure: {totals.proposed_closure}."
    return text


def context_text(summary: Summary) -> str:
    """When the pack was prepared and which meeting it follows."""
    data = summary.input
    text = f"Prepared on {long_date(data.today)}."
    if data.previous_meeting is not None:
        text += f" Previous meeting: {long_date(data.previous_meeting)}."
    return text
