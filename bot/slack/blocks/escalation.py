"""Block Kit for a secretary's escalation: each long-overdue action, who was reminded and when,
its latest update, and the buttons Remind again and Show."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from bot.reminders.digest import Digest, DigestItem
from bot.reminders.escalation import EscalationFacts, LatestUpdate
from bot.slack.blocks.digest import DigestMessage, build_digest_messages, item_section
from bot.slack.blocks.text import MAX_BLOCKS, clip, context, escape, header, plain, user
from bot.slack.ids import ACTION_SHOW, ESCALATION_REMIND
from bot.timing import format_date

TITLE = "Long overdue: the leads have been reminded"
# A section, who was reminded, the latest update and the buttons.
BLOCKS_PER_ACTION = 4
PER_MESSAGE = (MAX_BLOCKS - 1) // BLOCKS_PER_ACTION
NOTE_LIMIT = 500
CONTEXT_ELEMENTS = 10


def build_messages(digest: Digest) -> list[DigestMessage]:
    """A digest as Slack messages: escalations as messages of their own, the rest as reminders."""
    escalated = [i for i in digest.items if i.kind == "escalation"]
    rest = tuple(i for i in digest.items if i.kind != "escalation")
    messages = build_digest_messages(replace(digest, items=rest)) if rest else []
    return messages + build_escalation_messages(escalated)


def build_escalation_messages(items: list[DigestItem]) -> list[DigestMessage]:
    items = sorted(items, key=lambda i: (i.days_left, i.action_id))
    pages = [items[at : at + PER_MESSAGE] for at in range(0, len(items), PER_MESSAGE)]
    return [_page(page, number, len(pages)) for number, page in enumerate(pages, 1)]


def reminded_block_id(action_id: int) -> str:
    return f"reminded-{action_id}"


def mark_reminded_again(
    blocks: list[dict[str, Any]], action_id: int, *, by: str, reached: tuple[str, ...], on: str
) -> list[dict[str, Any]]:
    """The escalation's blocks, saying under the action that `by` had its leads reminded again."""
    people = ", ".join(user(u) for u in reached)
    line = f":bell: {user(by)} reminded {people} again on {on}."
    updated = []
    for block in blocks:
        if block.get("block_id") == reminded_block_id(action_id):
            # The newest first; what the bot wrote before is kept as it is (a context holds ten).
            earlier = list(block.get("elements", []))[: CONTEXT_ELEMENTS - 1]
            block = {**block, "elements": context(line)["elements"] + earlier}
        updated.append(block)
    return updated


def _page(items: list[DigestItem], number: int, pages: int) -> DigestMessage:
    title = TITLE + (f" ({number} of {pages})" if pages > 1 else "")
    blocks: list[dict[str, Any]] = [header(title)]
    for item in items:
        facts = item.facts or EscalationFacts()
        blocks += [
            _overdue_section(item),
            {**context(_reminded(facts)), "block_id": reminded_block_id(item.action_id)},
            context(_latest(facts.latest)),
            _buttons(item.action_id, facts.version),
        ]
    ids = ", ".join(f"#{i.action_id}" for i in items)
    text = f"Long overdue: {ids}"
    return DigestMessage(text[:3000], blocks, tuple(i.delivery_id for i in items))


def _overdue_section(item: DigestItem) -> dict[str, Any]:
    block = item_section(item)
    # The hint to update is for leads; the secretary has the buttons.
    lines = block["text"]["text"].split("\n")
    block["text"]["text"] = "\n".join(lines[:-1])
    return block


def _reminded(facts: EscalationFacts) -> str:
    if not facts.reminded:
        return "Nobody has been reminded: no lead has a Slack user who could be reached."
    parts = []
    for seen in facts.reminded:
        times = f", {seen.times} reminders" if seen.times > 1 else ""
        parts.append(f"{user(seen.recipient)} (last {format_date(seen.at.date())}{times})")
    return "Reminded: " + "; ".join(parts)


def _latest(latest: LatestUpdate | None) -> str:
    if latest is None:
        return "No update recorded."
    when = format_date(latest.at.date())
    if latest.what == "created":
        return f"No update since it was added on {when}."
    change = {"status": "status", "due": "deadline", "lead": "leads"}.get(latest.what)
    said = f"{change} → {escape(latest.new or '')}" if change and latest.new else ""
    if latest.note:
        said = (
            f"{said}: “{escape(clip(latest.note, NOTE_LIMIT))}”"
            if said
            else escape(clip(latest.note, NOTE_LIMIT))
        )
    return f"Latest update {when} by {user(latest.by)}" + (f": {said}" if said else "")


def _buttons(action_id: int, version: int) -> dict[str, Any]:
    value = json.dumps({"id": action_id, "version": version})
    return {
        "type": "actions",
        "block_id": f"escalation-{action_id}",
        "elements": [
            {
                "type": "button",
                "action_id": ESCALATION_REMIND,
                "text": plain("Remind again"),
                "value": value,
            },
            {"type": "button", "action_id": ACTION_SHOW, "text": plain("Show"), "value": value},
        ],
    }
