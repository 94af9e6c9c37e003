"""The Mark done and Update forms (modals) opened from an action's buttons, and reading them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.models.actions import Action, Status
from bot.slack.blocks.inputs import Choice, input_block, multi_select, text_input
from bot.slack.blocks.text import clip, escape, plain, section
from bot.slack.ids import DONE_MODAL, UPDATE_MODAL

NOTE, STATUS, TIMING, LEADS, NEW_LEADS = "note", "status", "timing", "leads", "new_leads"
LEADS_HINT = "Only a board secretary can change the leads."
# Slack's limit on a modal's private_metadata.
METADATA_LIMIT = 3000


@dataclass(frozen=True)
class Origin:
    """The action a form is about, the version it showed, and the message its button was on."""

    action_id: int
    version: int
    channel: str | None = None
    ts: str | None = None
    # An ephemeral reply (an /actions list) is replaced through its response_url instead.
    response_url: str | None = None
    # On a list: its words and page, to draw it again once the form is sent.
    listing: str | None = None

    def dump(self) -> str:
        data = {
            "id": self.action_id,
            "version": self.version,
            "channel": self.channel,
            "ts": self.ts,
            "response_url": self.response_url,
            "list": self.listing,
        }
        text = json.dumps(data)
        return (
            text
            if len(text) <= METADATA_LIMIT
            else json.dumps({**data, "response_url": None, "list": None})
        )

    @classmethod
    def load(cls, text: str) -> Origin:
        data = json.loads(text)
        return cls(
            int(data["id"]),
            int(data["version"]),
            data.get("channel"),
            data.get("ts"),
            data.get("response_url"),
            data.get("list"),
        )


def build_done_modal(action: Action, origin: Origin) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": DONE_MODAL,
        "private_metadata": origin.dump(),
        "title": plain("Mark done"),
        "submit": plain("Mark done"),
        "close": plain("Cancel"),
        "blocks": [
            _about(action),
            _input(
                NOTE,
                "Closing note",
                multiline=True,
                optional=False,
                hint="What was done, and where it is.",
            ),
        ],
    }


def build_update_modal(
    action: Action, origin: Origin, leads: Sequence[Choice] = ()
) -> dict[str, Any]:
    """The Update form: status, timing, leads and a note. The leads are a list of `leads`
    (the lead's id as value) with the action's own chosen, and beside it a field for others,
    one per line, as the add form has them."""
    statuses = [
        {"text": plain(status.value), "value": status.value}
        for status in Status
        if status is not Status.DONE
    ]
    current = next((o for o in statuses if o["value"] == action.status), None)
    select: dict[str, Any] = {"type": "static_select", "action_id": STATUS, "options": statuses}
    if current is not None:
        select["initial_option"] = current
    return {
        "type": "modal",
        "callback_id": UPDATE_MODAL,
        "private_metadata": origin.dump(),
        "title": plain(f"Update #{action.id}"[:24]),
        "submit": plain("Save"),
        "close": plain("Cancel"),
        "blocks": [
            _about(action),
            {"type": "input", "block_id": STATUS, "label": plain("Status"), "element": select},
            _input(
                TIMING,
                "Timing",
                initial=action.timing_raw,
                hint="As the board writes it: August 2022, 31/08/2024, Q3 2023, next meeting.",
            ),
            *_lead_inputs(action, leads),
            _input(NOTE, "Note", multiline=True, hint="What has happened since."),
        ],
    }


def form_values(view: dict[str, Any]) -> dict[str, str]:
    """Each input of a submitted form as text ("" when left empty)."""
    found: dict[str, str] = {}
    for block_id, inputs in (view.get("state") or {}).get("values", {}).items():
        for element in inputs.values():
            option = element.get("selected_option") or {}
            value = option.get("value") if option else element.get("value")
            found[block_id] = str(value or "").strip()
    return found


def _lead_inputs(action: Action, leads: Sequence[Choice]) -> list[dict[str, Any]]:
    own = [str(link.lead_id) for link in action.lead_links]
    # The action's own leads first, so that a list cut at Slack's limit still holds them.
    ordered = sorted(leads, key=lambda c: c.value not in own)
    blocks = []
    if ordered:
        blocks.append(
            input_block(
                LEADS,
                "Leads",
                multi_select(ordered, initial=own, placeholder="Choose the leads"),
                optional=True,
                hint=LEADS_HINT,
            )
        )
    blocks.append(
        input_block(
            NEW_LEADS,
            "Other leads" if ordered else "Leads",
            text_input(max_length=2000, multiline=True),
            optional=True,
            hint="One lead a line, e.g. MOPAC Evidence and Insight."
            + ("" if ordered else f" {LEADS_HINT}"),
        )
    )
    return blocks


def _about(action: Action) -> dict[str, Any]:
    return section(f"*#{action.id}* {escape(clip(action.description, 2800))}")


def _input(
    block_id: str,
    label: str,
    *,
    initial: str = "",
    multiline: bool = False,
    optional: bool = True,
    hint: str = "",
) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": block_id,
        "multiline": multiline,
        "max_length": 2000,
    }
    if initial:
        element["initial_value"] = initial[:2000]
    block: dict[str, Any] = {
        "type": "input",
        "block_id": block_id,
        "label": plain(label),
        "element": element,
        "optional": optional,
    }
    if hint:
        block["hint"] = plain(hint)
    return block
