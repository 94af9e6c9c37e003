"""The boards and leads a form offers in its selects, each by its id."""

from __future__ import annotations

from collections.abc import Sequence

from bot.boards.service import BoardName
from bot.services import Services
from bot.slack.blocks.inputs import Choice


def board_choice(board: BoardName) -> Choice:
    label = f"{board.short_name} — {board.name}" if board.short_name else board.name
    return Choice(str(board.id), label)


def board_choices(services: Services) -> list[Choice]:
    return [board_choice(board) for board in services.boards.names()]


def lead_choices(services: Services) -> list[Choice]:
    return [Choice(str(lead.id), lead.name) for lead in services.leads.list_leads()]


def board_named(boards: Sequence[BoardName], name: str) -> BoardName | None:
    """The board called `name` (or by its short name), whatever the case."""
    wanted = " ".join(name.split()).casefold()
    for board in boards:
        if wanted in (board.name.casefold(), (board.short_name or "").casefold()):
            return board
    return None
