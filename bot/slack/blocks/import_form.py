"""Block Kit for the import form: the board, the meeting, the source, a default lead, and the
text pasted or the file attached."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from bot.slack.blocks.inputs import Choice, board_inputs, input_block, select, text_input
from bot.slack.blocks.text import escape, plain, section
from bot.slack.ids import IMPORT_MODAL

# Block ids of the form; every input's action_id is "value".
BOARD, NEW_BOARD, MEETING_DATE, SOURCE_REF, LEAD, NEW_LEAD, TEXT, FILE = (
    "board",
    "new_board",
    "meeting_date",
    "source_ref",
    "lead",
    "new_lead",
    "text",
    "file",
)
FILE_TYPES = ["docx", "csv", "txt", "tsv", "md"]
PASTE_LIMIT = 3000  # Slack's most for a plain-text input


def build_import_modal(
    *,
    boards: Sequence[Choice] = (),
    leads: Sequence[Choice] = (),
    board_id: str | None = None,
    new_board: str | None = None,
    file_id: str | None = None,
    file_name: str | None = None,
    meeting_date: date | None = None,
    source_ref: str | None = None,
) -> dict[str, Any]:
    """The import form; with a file already shared in a DM it asks only where it goes.

    The board and the default lead are chosen from lists, with a field beside each for one not
    in the list; a select needs at least one option, so an empty list leaves only the field.
    """
    date_picker: dict[str, Any] = {"type": "datepicker"}
    if meeting_date:
        date_picker["initial_date"] = meeting_date.isoformat()
    blocks = board_inputs(
        boards,
        initial=board_id,
        typed_name=new_board,
        required=True,
        empty_hint="A name that is not a board yet creates a new board.",
    )
    blocks += [
        input_block(
            MEETING_DATE,
            "Meeting date",
            date_picker,
            optional=True,
            hint="The meeting that agreed the actions; leave empty to use the one the "
            "letter mentions.",
        ),
        input_block(
            SOURCE_REF,
            "Source reference",
            text_input(source_ref, max_length=100),
            optional=True,
            hint="Leave empty to use the letter's “Our ref”. Importing the "
            "same reference again updates its actions.",
        ),
    ]
    if leads:
        blocks.append(
            input_block(
                LEAD,
                "Lead for rows that name none",
                select(leads, placeholder="Choose a lead"),
                optional=True,
                hint="Recommendations usually name no lead.",
            )
        )
    blocks.append(
        input_block(
            NEW_LEAD,
            "Another lead" if leads else "Lead for rows that name none",
            text_input(max_length=200),
            optional=True,
            hint="A lead not in the list, for rows that name none."
            if leads
            else "Recommendations usually name no lead.",
        )
    )
    if file_id:
        blocks.insert(0, section(f"Importing *{escape(file_name or 'the file')}*."))
    else:
        blocks += [
            input_block(
                TEXT,
                "Paste the table or letter",
                text_input(
                    max_length=PASTE_LIMIT,
                    multiline=True,
                    placeholder="The Annex A table with its No., Action, Timing and Lead "
                    "headings, or the recommendations",
                ),
                optional=True,
            ),
            input_block(
                FILE,
                "…or attach a file",
                {"type": "file_input", "filetypes": FILE_TYPES, "max_files": 1},
                optional=True,
                hint="A Word (.docx), CSV or text file; use a file for more than "
                f"{PASTE_LIMIT:,} characters.",
            ),
        ]
    return {
        "type": "modal",
        "callback_id": IMPORT_MODAL,
        "title": plain("Import actions"),
        "submit": plain("Preview"),
        "close": plain("Cancel"),
        "blocks": blocks,
        "private_metadata": json.dumps({"file_id": file_id, "file_name": file_name})
        if file_id
        else "",
    }
