"""Block Kit for reminder digests and nudges, split into messages within Slack's limits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.actions.deadlines import DeadlineMove, move_sentence
from bot.reminders.digest import Digest, DigestItem, Group
from bot.slack.blocks.buttons import action_buttons
from bot.slack.blocks.text import (
    MAX_BLOCKS,
    clip,
    context,
    escape,
    header,
    section,
    user,
)

# Leaves room in a 3000-character section for the lines around the description.
DESCRIPTION_LIMIT = 2000
FOOTER = escape(
    "Use the buttons under an action, or update it with `/actions update <id>` and a "
    "status, a due date or a note (e.g. `/actions update 12 status:in-progress draft with "
    "legal`), or close it with `/actions done <id>`. A reply in this message's thread becomes a "
    "note (start it with #12 to say which action). `/actions list mine` shows all your actions."
)
HEADINGS = {
    Group.OVERDUE: ":warning: *Overdue*",
    Group.TODAY: ":alarm_clock: *Due today*",
    Group.UPCOMING: ":calendar: *Coming up*",
    Group.ESCALATED: ":rotating_light: *Long overdue: the leads have been reminded*",
    Group.UNREACHABLE: ":no_entry: *Leads who could not be reached*",
}


@dataclass(frozen=True)
class DigestMessage:
    """One chat.postMessage: fallback text, blocks, and the deliveries it carries."""

    text: str
    blocks: list[dict[str, Any]]
    delivery_ids: tuple[int, ...]


def build_digest_messages(digest: Digest) -> list[DigestMessage]:
    """The digest as one message, or several when it would pass 50 blocks."""
    if digest.nudged_by is not None:
        return [_nudge(digest)]
    if digest.move is not None:
        return [_move(digest, digest.move)]
    units: list[tuple[list[dict[str, Any]], DigestItem]] = []
    for group, items in digest.groups:
        heading = HEADINGS.get(group, f"*{group.value}*")
        for index, item in enumerate(items):
            lead_in = [section(heading)] if index == 0 else []
            units.append((lead_in + [item_section(item), item_buttons(item)], item))
    room = MAX_BLOCKS - 2  # a title and the footer
    pages: list[list[tuple[list[dict[str, Any]], DigestItem]]] = [[]]
    used = 0
    for blocks, item in units:
        if used + len(blocks) > room:
            pages.append([])
            used = 0
        pages[-1].append((blocks, item))
        used += len(blocks)
    return [_page(digest, page, number, len(pages)) for number, page in enumerate(pages, 1)]


def item_section(item: DigestItem) -> dict[str, Any]:
    lines = [
        f"*#{item.action_id}* · {escape(item.when)}",
        escape(clip(item.description, DESCRIPTION_LIMIT)),
    ]
    origin = f"{escape(item.origin)} · " if item.origin else ""
    lines.append(f"{origin}Lead: {escape(item.leads)}")
    lines.append(f"_{escape(clip(item.progress, 500))}_")
    if item.kind == "unreachable" and item.subject:
        who = user(item.subject) if item.subject[:1] in "UW" else escape(item.subject)
        lines.append(f"Could not reach {who}: {escape(item.reason or 'unknown reason')}")
    lines.append(f"`{item.hint} …`")
    return section("\n".join(lines))


def item_buttons(item: DigestItem) -> dict[str, Any]:
    """Mark done and Update on every item; Snooze on a lead's own reminders."""
    return action_buttons(item.action_id, item.version, snooze=item.kind in ("reminder", "nudge"))


def _page(
    digest: Digest, page: list[tuple[list[dict[str, Any]], DigestItem]], number: int, pages: int
) -> DigestMessage:
    title = "Action reminders" + (f" ({number} of {pages})" if pages > 1 else "")
    blocks = [header(title)]
    for unit, _ in page:
        blocks.extend(unit)
    if number == pages:
        blocks.append(context(FOOTER))
    ids = tuple(item.delivery_id for _, item in page)
    return DigestMessage(escape(digest.summary), blocks, ids)


def _move(digest: Digest, move: DeadlineMove) -> DigestMessage:
    item = digest.items[0]
    blocks = [section(":calendar: " + move_sentence(move, user, escape))]
    notes = [move.note, move.decision_note] if move.decided_by else [move.note]
    for note in (n for n in notes if n):
        blocks.append(section("> " + escape(clip(note, 2000)).replace("\n", "\n> ")))
    blocks += [item_section(item), context(FOOTER)]
    return DigestMessage(escape(digest.summary), blocks, (item.delivery_id,))


def _nudge(digest: Digest) -> DigestMessage:
    item = digest.items[0]
    asks = f"{user(digest.nudged_by or '')} asks for an update on this action."
    blocks = [section(f":wave: {asks}")]
    if digest.note:
        blocks.append(section("> " + escape(clip(digest.note, 2000)).replace("\n", "\n> ")))
    blocks += [item_section(item), item_buttons(item), context(FOOTER)]
    return DigestMessage(
        escape(f"A reminder about #{item.action_id}: {item.description}")[:3000],
        blocks,
        (item.delivery_id,),
    )
