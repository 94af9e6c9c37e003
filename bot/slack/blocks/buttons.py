"""The buttons on each action of a message, and the message as it reads after one is pressed."""

from __future__ import annotations

import json
from typing import Any

from bot.reminders.snooze import SNOOZE_CHOICES
from bot.slack.blocks.text import MAX_BLOCKS, context, plain
from bot.slack.ids import ACTION_DONE, ACTION_SHOW, ACTION_SNOOZE, ACTION_UPDATE, LIST_PAGE

# Starts the block_id of an action's buttons, so a press can find them in the message again.
BUTTONS_PREFIX = "buttons-"
STATE_PREFIX = "state-"


# The longest list words a button carries (a button's value holds at most 2,000 characters).
MAX_LIST_WORDS = 1500


def action_value(action_id: int, version: int, listing: str | None = None) -> str:
    """A button's value: the action and the version shown, and on a list, the list's words and
    page, so that the list can be drawn again after the form."""
    data: dict[str, Any] = {"id": action_id, "version": version}
    if listing and len(listing) <= MAX_LIST_WORDS:
        data["list"] = listing
    return json.dumps(data)


def read_value(value: str) -> tuple[int, int | None, str | None]:
    """(action id, version, snooze choice) from a button's or an option's value.

    Raises ValueError for a value no button of ours carries.
    """
    data = json.loads(value)
    if not isinstance(data, dict) or not isinstance(data.get("id"), int):
        raise ValueError(value)
    version = data.get("version")
    choice = data.get("for")
    return (
        data["id"],
        version if isinstance(version, int) else None,
        choice if isinstance(choice, str) else None,
    )


def read_listing(value: str) -> str | None:
    """The list's words and page a button on a list carries; None for any other button."""
    try:
        data = json.loads(value)
    except ValueError:
        return None
    listing = data.get("list") if isinstance(data, dict) else None
    return listing if isinstance(listing, str) and listing else None


def action_buttons(
    action_id: int,
    version: int,
    *,
    snooze: bool = False,
    show: bool = False,
    listing: str | None = None,
) -> dict[str, Any]:
    """One actions block: Mark done, Update, and on reminders Snooze (on lists, Show, and
    `listing`, the list's words and page)."""
    value = action_value(action_id, version, listing)
    elements: list[dict[str, Any]] = [
        _button("Mark done", ACTION_DONE, value, style="primary"),
        _button("Update", ACTION_UPDATE, value),
    ]
    if show:
        elements.append(_button("Show", ACTION_SHOW, value))
    if snooze:
        elements.append(
            {
                "type": "static_select",
                "action_id": ACTION_SNOOZE,
                "placeholder": plain("Snooze"),
                "options": [
                    {
                        "text": plain(label.capitalize()),
                        "value": json.dumps({"id": action_id, "version": version, "for": key}),
                    }
                    for key, label in SNOOZE_CHOICES.items()
                ],
            }
        )
    return {"type": "actions", "block_id": f"{BUTTONS_PREFIX}{action_id}", "elements": elements}


def replace_buttons(
    blocks: list[dict[str, Any]], action_id: int, new: list[dict[str, Any]]
) -> list[dict[str, Any]] | None:
    """The message's blocks with one action's buttons (and any earlier state line) replaced by
    `new`; None when the message has no buttons for that action. A message at Slack's block
    limit gets only the first new block, the state line."""
    buttons, state = f"{BUTTONS_PREFIX}{action_id}", f"{STATE_PREFIX}{action_id}"
    kept = [block for block in blocks if block.get("block_id") != state]
    found = [i for i, block in enumerate(kept) if block.get("block_id") == buttons]
    if not found or not new:
        return None
    at, room = found[0], max(1, MAX_BLOCKS - len(kept) + 1)
    return [*kept[:at], *new[:room], *kept[at + 1 :]]


def state_line(action_id: int, text: str) -> dict[str, Any]:
    """What became of the action, where its buttons were: ':white_check_mark: Done by …'."""
    return {**context(text), "block_id": f"{STATE_PREFIX}{action_id}"}


def list_pager(filters: str, page: int, pages: int) -> dict[str, Any] | None:
    """Previous / Next under a list, each carrying the list's words and the page it shows.

    Their action_ids are "list.page.previous" and "list.page.next" (ids are unique in a block).
    """
    elements = [
        _button(text, f"{LIST_PAGE}.{text.lower()}", json.dumps({"list": filters, "page": to}))
        for text, to in (("Previous", page - 1), ("Next", page + 1))
        if 1 <= to <= pages
    ]
    if not elements or len(filters) > MAX_LIST_WORDS:
        return None
    return {"type": "actions", "block_id": "list-pages", "elements": elements}


def read_page(value: str) -> tuple[str, int]:
    """(the list's words, the page) from a Previous or Next button; ValueError if not ours."""
    data = json.loads(value)
    if not isinstance(data, dict) or not isinstance(data.get("page"), int):
        raise ValueError(value)
    return str(data.get("list") or ""), data["page"]


def _button(text: str, action_id: str, value: str, style: str | None = None) -> dict[str, Any]:
    button = {"type": "button", "action_id": action_id, "text": plain(text), "value": value}
    if style:
        button["style"] = style
    return button
