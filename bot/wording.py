"""Words for an action's deadline and status, shared by every renderer."""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from bot.models.shown import Shown
from bot.timing import format_date

STATUS_LABELS = {
    "open": "Open",
    "in-progress": "In progress",
    "blocked": "Blocked",
    "done": "Done",
    "dropped": "Dropped",
}


def days_phrase(days: int) -> str:
    return "1 day" if days == 1 else f"{days} days"


# History fields of a deadline's proposal and its outcome, as histories word them.
PROPOSAL_VERBS = {
    "due-proposed": "proposed",
    "due-accepted": "accepted",
    "due-declined": "declined",
}


def deadline_text(action: Shown, today: date) -> str:
    """'due 31 August 2022 (August 2022)', 'overdue by 3 days · due ...', 'no deadline', with
    'agreed August 2022, now November 2022' when the deadline is not the one agreed."""
    text = _current_deadline(action, today)
    if action.deadline_moved:
        text += moved_text(action.agreed_timing, action.timing_raw)
    return text


def moved_text(agreed: str, now: str) -> str:
    """' · agreed August 2022, now November 2022' ("" for no deadline, either side)."""
    return f" · agreed {agreed or 'without a deadline'}, now {now or 'no deadline'}"


def _current_deadline(action: Shown, today: date) -> str:
    if action.deadline_end is None:
        return f"no deadline ({action.timing_raw})" if action.timing_raw else "no deadline"
    due = format_date(action.deadline_end)
    written = f" ({action.timing_raw})" if action.timing_raw and action.timing_raw != due else ""
    if action.is_overdue(today):
        late = (today - action.deadline_end).days
        return f"overdue by {days_phrase(late)} · due {due}{written}"
    if not action.is_closed and action.deadline_end == today:
        return f"due today{written}"
    return f"due {due}{written}"


def origin_text(action: Shown) -> str:
    """'Performance and Risk Oversight Board, 24 June 2022, item 3' or ''."""
    parts = []
    if action.board_name is not None:
        parts.append(action.board_name)
    if action.meeting_date is not None:
        parts.append(format_date(action.meeting_date))
    if action.item_no:
        parts.append(f"item {action.item_no}")
    return ", ".join(parts)


def note_label(action: Shown) -> str:
    """What a note written with a change is called once the change is made."""
    return "Closing note" if action.is_closed else "Note"


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def action_status(action: Shown) -> str:
    """The status, and for a done action whether its board has agreed to close it."""
    label = status_label(action.status)
    if action.closure_pending:
        return f"{label} — proposed for closure, awaiting the board"
    if action.closed_by_board:
        day = action.closure_meeting_date
        when = f" on {format_date(day)}" if day is not None else ""
        return f"{label} — closed by the board{when}"
    return label


def closure_event_text(meeting: str | None) -> str:
    """A "closure" history entry: the board agreed, at the meeting of that date."""
    return "closed by the board" + (f" at its meeting of {meeting}" if meeting else "")


def moment_text(at: datetime, zone: tzinfo | None) -> str:
    """'15 Sep 2022 10:00 BST': a moment in the bot's time zone, labelled, so a change made at
    10:00 in London never reads as 09:00 (stored times are UTC)."""
    local = at.astimezone(zone) if zone is not None else at
    return f"{local:%d %b %Y %H:%M} {local.tzname() or ''}".rstrip()
