"""Block Kit for the App Home tab: the viewer's leads' open actions, and their boards."""

from __future__ import annotations

import json
from typing import Any

from bot.home.service import ACTIONS_SHOWN, Home, MyActions, MyBoards
from bot.models.shown import Shown
from bot.slack.blocks.buttons import action_buttons
from bot.slack.blocks.home_boards import board_blocks
from bot.slack.blocks.replies import action_section
from bot.slack.blocks.text import context, header, plain, section
from bot.slack.ids import HOME_NEXT, HOME_PREVIOUS
from bot.timing import format_date

# Slack's limit for a Home view.
HOME_BLOCK_LIMIT = 100
HINTS = (
    "`/actions update <id> status:in-progress <note>` · `/actions done <id> <note>` · "
    "`/actions list overdue` · `/actions help`"
)
NO_ROLE = (
    "You are not mapped to a lead and are not a board secretary, so there is nothing here for "
    "you yet. If you lead actions, ask a board secretary to map you to your lead with "
    "`/actions lead <lead name> @you`. Anyone can see every open action with `/actions list`."
)


def build_home(home: Home) -> dict[str, Any]:
    """The Home view: "My actions" for a lead, "My boards" for a secretary, both for both."""
    blocks: list[dict[str, Any]] = []
    if home.mine is not None:
        blocks += _my_actions(home, home.mine)
    if home.boards is not None:
        if blocks:
            blocks.append({"type": "divider"})
        blocks += board_blocks(home.boards, _pager(home, boards=True))
    if not blocks:
        blocks = [header("Welcome to actionbot"), section(NO_ROLE)]
    blocks += [{"type": "divider"}, context(HINTS)]
    assert len(blocks) <= HOME_BLOCK_LIMIT, "ACTIONS_SHOWN and BOARDS_SHOWN keep within it"
    return {"type": "home", "blocks": blocks}


def _my_actions(home: Home, mine: MyActions) -> list[dict[str, Any]]:
    leads = ", ".join(mine.leads)
    blocks = [header("My actions")]
    if not mine.total:
        return blocks + [section(f"No open actions are led by {leads}.")]
    soon = format_date(home.due_soon_until)
    blocks.append(
        context(
            f"{mine.total} open for {leads} · {mine.overdue} overdue · {mine.due_soon} due by "
            f"{soon} · soonest deadline first"
        )
    )
    groups = (
        ("Overdue", mine.overdue, lambda a: a.is_overdue(home.today)),
        (f"Due soon (by {soon})", mine.due_soon, lambda a: _due_by(a, home)),
        ("Later", mine.later, lambda a: True),
    )
    left = list(mine.items)
    for title, count, belongs in groups:
        here = []
        while left and belongs(left[0]):
            here.append(left.pop(0))
        if here:
            blocks.append(section(f"*{title}* ({count})"))
            for action in here:
                blocks += [
                    action_section(action, home.today),
                    action_buttons(action.id, action.version, show=True),
                ]
    if pager := _pager(home, boards=False):
        first = (mine.page - 1) * ACTIONS_SHOWN + 1
        last = first + len(mine.items) - 1
        blocks += [context(f"Showing {first}–{last} of {mine.total}"), pager]
    return blocks


def _due_by(action: Shown, home: Home) -> bool:
    return action.due is not None and action.due <= home.due_soon_until


def _pager(home: Home, *, boards: bool) -> dict[str, Any] | None:
    """Previous / Next for one part of the Home, the other part staying on its page."""
    mine_page = home.mine.page if home.mine else 1
    boards_page = home.boards.page if home.boards else 1
    part: MyActions | MyBoards | None = home.boards if boards else home.mine
    if part is None or part.pages < 2:
        return None

    def to(page: int) -> str:
        if boards:
            return json.dumps({"mine": mine_page, "boards": page})
        return json.dumps({"mine": page, "boards": boards_page})

    elements = []
    if part.page > 1:
        elements.append(_button("‹ Previous", HOME_PREVIOUS, to(part.page - 1)))
    if part.page < part.pages:
        elements.append(_button("Show more ›", HOME_NEXT, to(part.page + 1)))
    block_id = "home.boards.pages" if boards else "home.mine.pages"
    return {"type": "actions", "block_id": block_id, "elements": elements}


def _button(text: str, action_id: str, value: str, style: str | None = None) -> dict[str, Any]:
    button: dict[str, Any] = {
        "type": "button",
        "text": plain(text),
        "action_id": action_id,
        "value": value,
    }
    if style:
        button["style"] = style
    return button
