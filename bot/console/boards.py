"""Text for board, meeting and summary replies, and for what the console publisher shows."""

from __future__ import annotations

from bot.boards.service import BoardInfo
from bot.commands.replies import BoardCard, BoardList, MeetingList, SummaryReply, SummarySent
from bot.summaries.exporters import to_markdown
from bot.summaries.model import local_date
from bot.summaries.ports import UpdateRequest
from bot.timing import format_date


def board_lines(board: BoardInfo) -> list[str]:
    name = board.name + (f" ({board.short_name})" if board.short_name else "")
    channel = f"#{board.channel_id}" if board.channel_id else "no channel"
    secretaries = (
        ", ".join("@" + u for u in board.secretary_ids) or "the secretaries of every board"
    )
    upcoming = format_date(board.next_meeting) if board.next_meeting else "none set"
    return [
        name,
        f"    channel: {channel} · secretaries: {secretaries}",
        f"    next meeting: {upcoming} · open actions: {board.open_actions}",
        f"    deadlines: {board.deadline_rule}",
    ]


def meeting_lines(board: BoardInfo) -> list[str]:
    lines = [f"  {format_date(day)}" for day in board.upcoming] or ["  No upcoming meetings."]
    if board.recurrence:
        lines.append(f"  Repeats {board.recurrence}.")
    if board.previous_meeting:
        lines.append(f"  Last meeting: {format_date(board.previous_meeting)}.")
    return lines


def update_request_text(request: UpdateRequest) -> str:
    lines = [
        f"Update needed before {request.board_name} on {format_date(request.meeting)}.",
        "Please add an update on each of these actions before the meeting:",
    ]
    for item in request.items:
        number = f"{item.item_no} (#{item.id})" if item.item_no else f"#{item.id}"
        timing = item.timing_raw or (format_date(item.due) if item.due else "no deadline")
        lines.append(f"  {number} [{item.status}] {timing}: {item.description}")
        if item.latest_note is not None:
            day = format_date(local_date(item.latest_note.at, request.tz))
            lines.append(f"      last update {day}: {item.latest_note.text}")
    lines.append(
        "Reply with /actions update <id> <what has happened>, or /actions done <id> <closing note>."
    )
    return "\n".join(lines)


def board_card_text(reply: BoardCard) -> str:
    lines = [
        reply.headline,
        *board_lines(reply.board),
        f"    closure: {reply.board.closure_rule}",
        "  Upcoming meetings:",
        *meeting_lines(reply.board),
    ]
    return "\n".join(lines + ["  Note: " + note for note in reply.notes])


def board_list_text(reply: BoardList) -> str:
    if not reply.boards:
        return 'No boards yet. Add one with /actions board add "<name>" short:<code>.'
    return "\n".join(["Boards:", *(line for b in reply.boards for line in board_lines(b))])


def meeting_list_text(reply: MeetingList) -> str:
    return "\n".join([reply.headline, *meeting_lines(reply.board)])


def summary_text(reply: SummaryReply) -> str:
    return to_markdown(reply.summary).rstrip("\n")


def summary_sent_text(reply: SummarySent) -> str:
    delivery = reply.delivery
    data = delivery.summary.input
    what = f"the matters-arising summary for {data.board_name} ({format_date(data.meeting)})"
    if delivery.filename:
        return f"Sent {delivery.filename}, {what}, to {delivery.recipient}."
    return f"Posted {what} to {delivery.recipient} ({delivery.messages} message(s))."
