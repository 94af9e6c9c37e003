"""Block Kit inputs for the bot's forms: text fields and selects, every action_id "value"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.slack.blocks.text import clip, plain

HINT_LIMIT = 2000
OPTION_TEXT_LIMIT = 75  # Slack's most for an option's text
MAX_OPTIONS = 100  # Slack's most for a select's options


@dataclass(frozen=True)
class Choice:
    """One option of a select: what it sends back, and what it shows."""

    value: str
    label: str


def input_block(
    block_id: str,
    label: str,
    element: dict[str, Any],
    *,
    optional: bool = False,
    hint: str | None = None,
) -> dict[str, Any]:
    block = {
        "type": "input",
        "block_id": block_id,
        "label": plain(label),
        "element": {"action_id": "value", **element},
        "optional": optional,
    }
    if hint:
        block["hint"] = plain(clip(hint, HINT_LIMIT))
    return block


def text_input(
    initial: str | None = None,
    *,
    max_length: int,
    multiline: bool = False,
    placeholder: str | None = None,
) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "max_length": max_length,
        "multiline": multiline,
    }
    if initial:
        element["initial_value"] = initial[:max_length]
    if placeholder:
        element["placeholder"] = plain(placeholder)
    return element


def option(choice: Choice) -> dict[str, Any]:
    return {"text": plain(clip(choice.label, OPTION_TEXT_LIMIT)), "value": choice.value}


def select(
    choices: Sequence[Choice], *, initial: str | None = None, placeholder: str
) -> dict[str, Any]:
    """A static select of the first `MAX_OPTIONS` choices; `initial` is a choice's value."""
    shown = list(choices[:MAX_OPTIONS])
    element: dict[str, Any] = {
        "type": "static_select",
        "placeholder": plain(placeholder),
        "options": [option(c) for c in shown],
    }
    chosen = [c for c in shown if c.value == initial]
    if chosen:
        element["initial_option"] = option(chosen[0])
    return element


def multi_select(
    choices: Sequence[Choice], *, initial: Sequence[str] = (), placeholder: str
) -> dict[str, Any]:
    shown = list(choices[:MAX_OPTIONS])
    element: dict[str, Any] = {
        "type": "multi_static_select",
        "placeholder": plain(placeholder),
        "options": [option(c) for c in shown],
    }
    chosen = [option(c) for c in shown if c.value in initial]
    if chosen:
        element["initial_options"] = chosen
    return element


def selected(values: dict[str, Any], block_id: str) -> str | None:
    """The value of the option chosen in a static select, if any."""
    chosen = (values.get(block_id, {}).get("value") or {}).get("selected_option")
    return str(chosen["value"]) if isinstance(chosen, dict) and chosen.get("value") else None


def all_selected(values: dict[str, Any], block_id: str) -> list[str]:
    """The values of the options chosen in a multi-select."""
    chosen = (values.get(block_id, {}).get("value") or {}).get("selected_options") or []
    return [str(c["value"]) for c in chosen if isinstance(c, dict) and c.get("value")]


def typed(values: dict[str, Any], block_id: str) -> str:
    """What was typed in a text input, trimmed; empty when nothing was."""
    return str((values.get(block_id, {}).get("value") or {}).get("value") or "").strip()


def board_inputs(
    boards: Sequence[Choice],
    *,
    initial: str | None,
    typed_name: str | None = None,
    required: bool = False,
    empty_hint: str,
) -> list[dict[str, Any]]:
    """A form's board: a list of the boards, and a field beside it for one not in the list (a
    select needs an option, so with no boards yet only the field is shown, hinted `empty_hint`).
    Their block ids are "board" and "new_board"."""
    blocks: list[dict[str, Any]] = []
    if boards:
        blocks.append(
            input_block(
                "board",
                "Board",
                select(boards, initial=initial, placeholder="Choose a board"),
                optional=True,
            )
        )
    blocks.append(
        input_block(
            "new_board",
            "New board" if boards else "Board",
            text_input(typed_name, max_length=200),
            optional=bool(boards) or not required,
            hint="A board not in the list; a name that is not a board yet creates one."
            if boards
            else empty_hint,
        )
    )
    return blocks
