"""Block Kit for the import form: the board, the meeting, the source, a default lead, and the
text pasted or the file attached."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from bot.slack.blocks.text import clip, escape, plain, section
from bot.slack.ids import IMPORT_MODAL

# Block ids of the form; every input's action_id is "value".
BOARD, MEETING_DATE, SOURCE_REF, LEAD, TEXT, FILE = (
    "board",
    "meeting_date",
    "source_ref",
    "lead",
    "text",
    "file",
)
FILE_TYPES = ["docx", "csv", "txt", "tsv", "md"]
HINT_LIMIT = 2000
PASTE_LIMIT = 3000  # Slack's most for a plain-text input


def _input(
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


def _text_input(
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


def build_import_modal(
    *,
    board: str | None = None,
    boards: list[str] | tuple[str, ...] = (),
    file_id: str | None = None,
    file_name: str | None = None,
    meeting_date: date | None = None,
    source_ref: str | None = None,
) -> dict[str, Any]:
    """The import form; with a file already shared in a DM it asks only where it goes."""
    known = f"Boards: {', '.join(boards)}. " if boards else ""
    date_picker: dict[str, Any] = {"type": "datepicker"}
    if meeting_date:
        date_picker["initial_date"] = meeting_date.isoformat()
    blocks = [
        _input(
            BOARD,
            "Board",
            _text_input(board, max_length=200),
            hint=f"{known}A name that is not a board yet creates a new board.",
        ),
        _input(
            MEETING_DATE,
            "Meeting date",
            date_picker,
            optional=True,
            hint="The meeting that agreed the actions; leave empty to use the one the "
            "letter mentions.",
        ),
        _input(
            SOURCE_REF,
            "Source reference",
            _text_input(source_ref, max_length=100),
            optional=True,
            hint="Leave empty to use the letter's “Our ref”. Importing the "
            "same reference again updates its actions.",
        ),
        _input(
            LEAD,
            "Lead for rows that name none",
            _text_input(max_length=200),
            optional=True,
            hint="Recommendations usually name no lead.",
        ),
    ]
    if file_id:
        blocks.insert(0, section(f"Importing *{escape(file_name or 'the file')}*."))
    else:
        blocks += [
            _input(
                TEXT,
                "Paste the table or letter",
                _text_input(
                    max_length=PASTE_LIMIT,
                    multiline=True,
                    placeholder="The Annex A table with its No., Action, Timing and Lead "
                    "headings, or the recommendations",
                ),
                optional=True,
            ),
            _input(
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
