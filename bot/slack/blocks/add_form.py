"""Block Kit for the add form: board, description, leads, timing, item number and forum."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.slack.blocks.inputs import (
    Choice,
    board_inputs,
    input_block,
    multi_select,
    text_input,
)
from bot.slack.blocks.text import plain
from bot.slack.ids import ADD_MODAL

# Block ids of the form; every input's action_id is "value".
BOARD, NEW_BOARD, DESCRIPTION, LEADS, NEW_LEADS, TIMING, ITEM_NO, FORUM = (
    "board",
    "new_board",
    "description",
    "leads",
    "new_leads",
    "timing",
    "item_no",
    "forum",
)
DESCRIPTION_LIMIT = 2500  # the most an action's description may hold
NEW_LEADS_LIMIT = 500


def build_add_modal(
    *,
    boards: Sequence[Choice],
    leads: Sequence[Choice],
    board: str | None = None,
    description: str | None = None,
) -> dict[str, Any]:
    """The add form; `board` is the value of a board to preselect, `description` a prefill.

    A select needs at least one option, so with no boards (or leads) yet only the field for a
    new one is shown.
    """
    blocks = board_inputs(
        boards,
        initial=board,
        empty_hint="There are no boards yet: a name here creates one.",
    )
    blocks += [
        input_block(
            DESCRIPTION,
            "Action",
            text_input(description, max_length=DESCRIPTION_LIMIT, multiline=True),
            hint="As the letter words it, e.g. “MPS to provide a briefing note on PCSO "
            "recruitment.”",
        ),
    ]
    if leads:
        blocks.append(
            input_block(
                LEADS,
                "Leads",
                multi_select(leads, placeholder="Choose the leads"),
                optional=True,
            )
        )
    blocks += [
        input_block(
            NEW_LEADS,
            "Other leads" if leads else "Leads",
            text_input(max_length=NEW_LEADS_LIMIT, multiline=True),
            optional=True,
            hint="One per line. A name the bot does not know becomes a new lead; map it to "
            "people with /actions lead.",
        ),
        input_block(
            TIMING,
            "Timing",
            text_input(max_length=100, placeholder="August 2022"),
            optional=True,
            hint="As the letter gives it: a date, a month, August/Sept 2022, Q3 2022, "
            "next meeting, or Completed.",
        ),
        input_block(
            ITEM_NO,
            "Item number",
            text_input(max_length=20, placeholder="14"),
            optional=True,
        ),
        input_block(
            FORUM,
            "Forum",
            text_input(max_length=200),
            optional=True,
            hint="Where the action reports back, if not the board itself.",
        ),
    ]
    return {
        "type": "modal",
        "callback_id": ADD_MODAL,
        "title": plain("Add an action"),
        "submit": plain("Add"),
        "close": plain("Cancel"),
        "blocks": blocks,
    }
