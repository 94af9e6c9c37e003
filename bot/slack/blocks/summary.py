"""Block Kit for the matters-arising summary and update requests, split to fit Slack's limits."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any, assert_never

from bot.commands.replies import SummaryReply, SummarySent
from bot.slack.blocks.buttons import action_buttons
from bot.slack.blocks.text import (
    MAX_BLOCKS,
    SECTION_TEXT_LIMIT,
    clip,
    context,
    escape,
    header,
    plain,
    section,
    user,
)
from bot.slack.ids import CLOSURE_CLOSE
from bot.summaries import formatting as cells
from bot.summaries.model import (
    SECTION_TITLES,
    SLIPPED_TITLE,
    ActionItem,
    Section,
    Summary,
    SummaryLine,
    UpdateNote,
    local_date,
)
from bot.summaries.ports import ForwardedSummary, Postable, UpdateRequest

# Long texts live in the files (format:md|csv|docx); in Slack a few lines each keep it readable.
DESCRIPTION_SHOWN = 600
NOTE_SHOWN = 400
COMPACT_SHOWN = 90


def build_post_messages(content: Postable) -> list[dict[str, Any]]:
    """Whatever the summaries feature posts, as chat messages."""
    match content:
        case Summary():
            return build_summary_messages(content)
        case UpdateRequest():
            return build_update_request_messages(content)
        case ForwardedSummary():
            why = {"text": escape(content.why), "blocks": [section(escape(content.why))]}
            return [why, *build_summary_messages(content.summary)]
        case _:
            assert_never(content)


def build_summary_messages(summary: Summary) -> list[dict[str, Any]]:
    """The summary as one or more chat messages, each within 50 blocks and 3000-character texts."""
    data = summary.input
    title = f"Matters arising: {data.board_name}, {cells.long_date(data.meeting)}"
    head = [
        header(title),
        context(escape(cells.totals_text(summary))),
        context(escape(cells.context_text(summary))),
    ]
    body: list[dict[str, Any]] = []
    if slipped := summary.slipped:
        texts = [_slipped(line, summary) for line in slipped]
        body += _packed(f"*{escape(SLIPPED_TITLE)}* ({len(slipped)})", texts)
    for kind, lines in summary.sections.items():
        if not lines:
            continue
        heading = f"*{escape(SECTION_TITLES[kind])}* ({len(lines)})"
        if kind is Section.PROPOSED_CLOSURE:
            body += [section(heading), *(_proposed(line, summary) for line in lines)]
            continue
        compact = kind is Section.NOT_YET_DUE
        texts = [
            _compact(line, summary) if compact else _item_text(line, summary) for line in lines
        ]
        body += _packed(heading, texts)
    if not body:
        body.append(section("No actions to report for this meeting."))
    return _paginate(title, head, body)


def build_update_request_messages(request: UpdateRequest) -> list[dict[str, Any]]:
    meeting = cells.long_date(request.meeting)
    title = f"Update needed before {request.board_name} on {meeting}"
    intro = (
        f"{escape(request.board_name)} meets on *{meeting}*. Please add an update on each "
        "of these actions before then; the board's matters-arising summary shows your "
        "latest update."
    )
    # Each action with its own buttons: one section and one actions block, paginated below.
    items = [
        block
        for item in request.items
        for block in (
            section(_request_item(item, request.tz)),
            action_buttons(item.id, item.version),
        )
    ]
    body = [
        section(intro),
        section(f"*Your open actions* ({len(request.items)})"),
        *items,
        context(
            "Use the buttons, or reply with `/actions update <id> <what has happened>`, or "
            "`/actions done <id> <closing note>` when it is finished. "
            "`/actions list mine` lists them again."
        ),
    ]
    return _paginate(title, [header(title)], body)


def _item_text(line: SummaryLine, summary: Summary) -> str:
    item = line.item
    top = f"*{escape(cells.number_text(line))}* · {escape(cells.status_text(line, summary))}"
    if item.leads:
        top += f" · {escape(cells.leads_text(line))}"
    rows = [top, escape(clip(item.description, DESCRIPTION_SHOWN))]
    details = []
    if timing := cells.timing_text(line):
        details.append(f"Timing: {escape(timing)}")
    if item.origin_meeting is not None:
        details.append(f"agreed {cells.long_date(item.origin_meeting)}")
    if details:
        rows.append("_" + " · ".join(details) + "_")
    if moved := cells.moved_text(item, summary, user, escape):
        rows.append(f":calendar: Deadline {moved}")
    if proposed := cells.proposal_text(item, summary, user, escape):
        rows.append(f":hourglass: Deadline {proposed}")
    # The note given with the move or proposal is already in the lines above; say it once.
    notes = (item.last_move if moved else None, item.proposal[1] if item.proposal else None)
    if line.no_update or item.latest_note is None or item.latest_note not in notes:
        rows.append(_update(line, summary))
    return "\n".join(rows)


def _proposed(line: SummaryLine, summary: Summary) -> dict[str, Any]:
    """One action awaiting the board, with the button a secretary presses once it has agreed."""
    number = line.item.id
    block = section(_item_text(line, summary))
    block["accessory"] = {
        "type": "button",
        "action_id": CLOSURE_CLOSE,
        "value": str(number),
        "text": plain("Board closed it"),
        "confirm": {
            "title": plain("Record the board's closure"),
            "text": plain(
                f"Record that the board agreed, at its latest meeting, to close #{number}? "
                f"To name another meeting, use /actions close {number} meeting:<date>."
            ),
            "confirm": plain("Record it"),
            "deny": plain("Cancel"),
        },
    }
    return block


def _update(line: SummaryLine, summary: Summary) -> str:
    note = line.item.latest_note
    if not line.no_update:
        return f"Update: {_note(note, summary)}" if note else ""
    previous = summary.input.previous_meeting
    since = f" since {cells.long_date(previous)}" if previous else ""
    last = f" (last: {_note(note, summary)})" if note else ""
    return f":warning: *No update{since}*{last}"


def _note(note: UpdateNote, summary: Summary) -> str:
    day = cells.long_date(cells.note_day(note, summary))
    when = f"{day}, {cells.clock_time(note.at, summary.input.tz)}"
    return f"{when}, {user(note.actor)}: {escape(clip(note.text, NOTE_SHOWN))}"


def _slipped(line: SummaryLine, summary: Summary) -> str:
    description = escape(clip(" ".join(line.item.description.split()), COMPACT_SHOWN))
    moved = cells.moved_text(line.item, summary, user, escape)
    return f"*{escape(cells.number_text(line))}* · {description}\n{moved}"


def _compact(line: SummaryLine, summary: Summary) -> str:
    parts = [
        f"*{escape(cells.number_text(line))}*",
        escape(clip(" ".join(line.item.description.split()), COMPACT_SHOWN)),
    ]
    if moved := cells.moved_text(line.item, summary, user, escape):
        parts.append(f":calendar: {moved}")
    elif timing := cells.timing_text(line):
        parts.append(f"_{escape(timing)}_")
    if proposed := cells.proposal_text(line.item, summary, user, escape):
        parts.append(f":hourglass: {proposed}")
    return " · ".join(parts)


def _request_item(item: ActionItem, tz: tzinfo | None) -> str:
    number = f"{item.item_no} (#{item.id})" if item.item_no else f"#{item.id}"
    timing = item.timing_raw or (cells.long_date(item.due) if item.due else "no deadline")
    latest = item.latest_note
    last = (
        (
            f"\nLast update {cells.long_date(local_date(latest.at, tz))}: "
            f"{escape(clip(latest.text, NOTE_SHOWN))}"
        )
        if latest
        else "\n_No update yet._"
    )
    return (
        f"*{escape(number)}* · {escape(cells.status_label(item.status))} · "
        f"{escape(timing)}\n{escape(clip(item.description, DESCRIPTION_SHOWN))}{last}"
    )


def _packed(heading: str, texts: list[str]) -> list[dict[str, Any]]:
    """Section blocks holding as many items as fit in 3000 characters each."""
    blocks: list[dict[str, Any]] = []
    current = heading
    for text in texts:
        candidate = f"{current}\n\n{text}"
        if len(candidate) > SECTION_TEXT_LIMIT and current:
            blocks.append(section(current))
            current = clip(text, SECTION_TEXT_LIMIT)
        else:
            current = candidate
    blocks.append(section(current))
    return blocks


def _paginate(
    title: str, head: list[dict[str, Any]], body: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    first = MAX_BLOCKS - len(head)
    # Each later message opens with one context block saying which part it is.
    chunks = [body[:first]] + [
        body[i : i + MAX_BLOCKS - 1] for i in range(first, len(body), MAX_BLOCKS - 1)
    ]
    total = len(chunks)
    messages = []
    for number, chunk in enumerate(chunks, start=1):
        part = f" (part {number} of {total})" if total > 1 else ""
        lead = head if number == 1 else [context(f"*{escape(title)}*{part}")]
        messages.append({"text": escape(title + part), "blocks": lead + chunk})
    return messages


def summary_blocks(reply: SummaryReply) -> list[dict[str, Any]]:
    messages = build_summary_messages(reply.summary)
    blocks: list[dict[str, Any]] = messages[0]["blocks"]
    if len(messages) > 1:
        label = reply.board_label
        name = f'"{label}"' if " " in label else label
        blocks = blocks[: MAX_BLOCKS - 1] + [
            context(
                f"The summary goes on for {len(messages) - 1} more message(s). Post it whole with "
                f"`/actions summary {escape(name)} post`, or get it as a file with format:docx."
            )
        ]
    return blocks


def summary_fallback(reply: SummaryReply) -> str:
    data = reply.summary.input
    return f"Matters arising: {data.board_name}, {cells.long_date(data.meeting)}"


def sent_text(reply: SummarySent, *, plain: bool = False) -> str:
    delivery = reply.delivery
    data = delivery.summary.input
    what = f"the matters-arising summary for {data.board_name} ({cells.long_date(data.meeting)})"
    what = what if plain else escape(what)
    to = delivery.recipient
    if to.channel_id:
        where = "the board's channel" if plain else f"<#{to.channel_id}>"
    else:
        where = "your direct messages"
    if delivery.filename:
        return f"Sent {delivery.filename}, {what}, to {where}."
    parts = f" in {delivery.messages} messages" if delivery.messages > 1 else ""
    return f"Posted {what} to {where}{parts}."
