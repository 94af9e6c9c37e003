"""Block Kit for a secretary's boards on the Home tab: counts, and what to do next."""

from __future__ import annotations

from typing import Any

from bot.home.service import BOARDS_SHOWN, BoardCounts, MyBoards
from bot.slack.blocks.text import context, escape, header, plain, section
from bot.slack.ids import ACTION_ADD, HOME_SUMMARY, IMPORT_OPEN
from bot.timing import format_date


def board_blocks(boards: MyBoards, pager: dict[str, Any] | None) -> list[dict[str, Any]]:
    """ "My boards": each board's counts and its Summary, Add action and Import buttons."""
    blocks = [header("My boards")]
    if not boards.boards:
        return blocks + [
            section(
                "There are no boards yet. Add one with "
                '`/actions board add "Performance and Risk Oversight Board" short:PROB`.'
            )
        ]
    for board in boards.boards:
        blocks += [_board_section(board), _board_buttons(board)]
    if pager is not None:
        first = (boards.page - 1) * BOARDS_SHOWN + 1
        last = first + len(boards.boards) - 1
        blocks += [context(f"Showing boards {first}–{last} of {boards.total}"), pager]
    return blocks


def _board_section(board: BoardCounts) -> dict[str, Any]:
    name = escape(board.name) + (f" ({escape(board.label)})" if board.label != board.name else "")
    meeting = (
        f"next meeting {format_date(board.next_meeting)}"
        if board.next_meeting
        else "no upcoming meeting"
    )
    since = f"since {format_date(board.previous_meeting)}" if board.previous_meeting else "yet"
    fields = [
        f"*Open:* {board.open}",
        f"*Overdue:* {board.overdue}",
        f"*No update {since}:* {board.no_update}",
        f"*Deadlines moved:* {board.moved}",
    ]
    block = section(f"*{name}* · {meeting}")
    block["fields"] = [{"type": "mrkdwn", "text": text} for text in fields]
    return block


def _board_buttons(board: BoardCounts) -> dict[str, Any]:
    value = str(board.id)
    return {
        "type": "actions",
        "block_id": f"home.board.{board.id}",
        "elements": [
            {"type": "button", "text": plain("Summary"), "action_id": HOME_SUMMARY, "value": value},
            {
                "type": "button",
                "text": plain("Add action"),
                "action_id": ACTION_ADD,
                "value": value,
            },
            {"type": "button", "text": plain("Import"), "action_id": IMPORT_OPEN, "value": value},
        ],
    }
