"""Block Kit for summaries and update requests: escaped, complete, and within Slack's limits."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime

from bot.commands.summary import SummaryReply
from bot.slack.blocks.replies import build_reply
from bot.slack.blocks.summary import (
    build_summary_messages,
    build_update_request_messages,
)
from bot.summaries.model import ActionItem, SummaryInput, UpdateNote, build_summary
from bot.summaries.ports import UpdateRequest

BOARD = "Performance and Risk Oversight Board"
PREVIOUS, MEETING, TODAY = date(2022, 6, 24), date(2022, 10, 20), date(2022, 10, 10)


def item(id: int, **fields: object) -> ActionItem:
    values: dict[str, object] = dict(
        item_no=str(id),
        origin_meeting=PREVIOUS,
        description=f"Action {id}",
        timing_raw="",
        due=None,
        leads=("MPS",),
        status="open",
        forum=None,
        closed_at=None,
        latest_note=None,
    )
    values.update(fields)
    return ActionItem(id=id, **values)  # type: ignore[arg-type]


def summary_of(*items: ActionItem):  # type: ignore[no-untyped-def]
    return build_summary(SummaryInput(BOARD, "PROB", MEETING, PREVIOUS, TODAY, items))


def texts(message: dict) -> list[str]:
    found = []
    for block in message["blocks"]:
        if "text" in block:
            found.append(block["text"]["text"])
        for element in block.get("elements", []):
            text = element.get("text")
            # A context's elements are texts; a button's text is a plain-text object.
            found.append(text if isinstance(text, str) else (text or {}).get("text", ""))
    return found


def assert_within_limits(message: dict) -> None:
    assert len(message["blocks"]) <= 50
    for block in message["blocks"]:
        limit = 150 if block["type"] == "header" else 3000
        for text in texts({"blocks": [block]}):
            assert len(text) <= limit


def test_a_short_summary_is_one_message_with_totals_and_sections() -> None:
    note = UpdateNote(datetime(2022, 9, 12, 10, tzinfo=UTC), "U0JO", "List sent")
    summary = summary_of(
        item(1, timing_raw="August 2022", due=date(2022, 8, 31), latest_note=note),
        item(2, timing_raw="October 2022", due=date(2022, 10, 31), due_from=date(2022, 10, 1)),
        item(3, timing_raw="December 2022", due=date(2022, 12, 31)),
        item(4),
    )
    [message] = build_summary_messages(summary)
    assert_within_limits(message)
    assert message["blocks"][0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": f"Matters arising: {BOARD}, 20 October 2022"},
    }
    body = "\n".join(texts(message))
    assert "Open: 4. Overdue: 1." in body
    assert "*Overdue* (1)" in body and "*Due by this meeting* (1)" in body
    assert "*Open and not yet due* (1)\n\n*3 (#3)* · Action 3 · _December 2022_" in body
    assert "Open, 40 days overdue (agreed 24 June 2022)" in body
    assert "Update: 12 September 2022, 10:00 UTC, <@U0JO>: List sent" in body
    assert ":warning: *No update since 24 June 2022*" in body
    assert "*No deadline set* (1)" in body


def test_user_text_cannot_ping_or_format() -> None:
    summary = summary_of(
        item(1, description="<!channel> list *all* schools & why", leads=("<@U1> & co",))
    )
    body = json.dumps(build_summary_messages(summary))
    assert "<!channel>" not in body and "&lt;!channel&gt; list *all* schools &amp; why" in body
    assert "&lt;@U1&gt; &amp; co" in body


def test_a_long_summary_is_split_into_messages_within_limits() -> None:
    long_text = "A long action description that goes on. " * 20
    items = [
        item(i, description=f"{long_text}#{i}", timing_raw="August 2022", due=date(2022, 8, 31))
        for i in range(1, 301)
    ]
    messages = build_summary_messages(summary_of(*items))
    assert len(messages) > 1
    for number, message in enumerate(messages, start=1):
        assert_within_limits(message)
        assert message["text"].endswith(f"(part {number} of {len(messages)})")
    shown = re.findall(r"\*(\d+) \(#\1\)\*", json.dumps(messages))
    assert sorted(map(int, shown)) == list(range(1, 301))


def test_the_ephemeral_reply_shows_the_first_part_and_says_how_to_get_the_rest() -> None:
    items = [item(i, description="x" * 500, due=date(2022, 8, 31)) for i in range(1, 301)]
    payload = build_reply(SummaryReply(summary_of(*items)))
    assert len(payload["blocks"]) <= 50
    assert "`/actions summary PROB post`" in payload["blocks"][-1]["elements"][0]["text"]
    assert payload["text"] == f"Matters arising: {BOARD}, 20 October 2022"


def test_update_request_lists_the_leads_items_and_how_to_answer() -> None:
    request = UpdateRequest(
        BOARD,
        MEETING,
        "U0JO",
        (
            item(
                7,
                item_no="3",
                timing_raw="August 2022",
                due=date(2022, 8, 31),
                latest_note=UpdateNote(datetime(2022, 9, 1, 23, 30, tzinfo=UTC), "U0JO", "Drafted"),
            ),
            item(8, item_no=None, description="Align <reviews>"),
        ),
        TODAY,
    )
    [message] = build_update_request_messages(request)
    assert_within_limits(message)
    body = "\n".join(texts(message))
    assert "meets on *20 October 2022*" in body
    assert "*3 (#7)* · Open · August 2022" in body
    assert "Last update 1 September 2022: Drafted" in body
    assert "*#8* · Open · no deadline\nAlign &lt;reviews&gt;\n_No update yet._" in body
    buttons = {b["block_id"]: b for b in message["blocks"] if b["type"] == "actions"}
    [done, update] = buttons["buttons-7"]["elements"]
    assert (done["text"]["text"], update["text"]["text"]) == ("Mark done", "Update")
    assert json.loads(done["value"]) == {"id": 7, "version": 0}
    assert "`/actions update &lt;id&gt; &lt;what has happened&gt;`" in body
