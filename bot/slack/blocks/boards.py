"""Block Kit for boards and their meeting calendars."""

from __future__ import annotations

from typing import Any

from bot.boards.service import BoardInfo
from bot.commands.replies import BoardCard, BoardList, MeetingList
from bot.slack.blocks.text import MAX_BLOCKS, context, escape, header, section, user
from bot.timing import format_date


def board_text(board: BoardInfo) -> str:
    name = f"*{escape(board.name)}*"
    if board.short_name:
        name += f" ({escape(board.short_name)})"
    channel = f"<#{board.channel_id}>" if board.channel_id else "_no channel_"
    secretaries = (
        ", ".join(user(u) for u in board.secretary_ids) or "_the secretaries of every board_"
    )
    upcoming = format_date(board.next_meeting) if board.next_meeting else "_none set_"
    return "\n".join(
        [
            name,
            f"Channel: {channel} · Secretaries: {secretaries}",
            f"Next meeting: {upcoming} · Open actions: {board.open_actions}",
            f"Deadlines: {escape(board.deadline_rule)}",
        ]
    )


def meetings_text(board: BoardInfo) -> str:
    lines = [f"• {format_date(day)}" for day in board.upcoming] or ["_No upcoming meetings._"]
    if board.recurrence:
        lines.append(f"Repeats {escape(board.recurrence)}.")
    if board.previous_meeting:
        lines.append(f"Last meeting: {format_date(board.previous_meeting)}.")
    return "\n".join(lines)


def board_card_blocks(reply: BoardCard) -> list[dict[str, Any]]:
    blocks = [
        section(f"*{reply.headline}*"),
        section(board_text(reply.board)),
        context("Closure: " + escape(reply.board.closure_rule)),
        section("*Upcoming meetings*\n" + meetings_text(reply.board)),
    ]
    return blocks + [context(note) for note in reply.notes]


def board_list_blocks(reply: BoardList) -> list[dict[str, Any]]:
    if not reply.boards:
        return [
            section(
                "No boards yet. A secretary adds one with `/actions board add "
                '"Performance and Risk Oversight Board" short:PROB`.'
            )
        ]
    shown = reply.boards[: MAX_BLOCKS - 2]
    blocks = [header("Boards")] + [section(board_text(board)) for board in shown]
    if len(reply.boards) > len(shown):
        blocks.append(context(f"{len(reply.boards) - len(shown)} more not shown."))
    return blocks


def meeting_list_blocks(reply: MeetingList) -> list[dict[str, Any]]:
    return [section(f"*{reply.headline}*"), section(meetings_text(reply.board))]
