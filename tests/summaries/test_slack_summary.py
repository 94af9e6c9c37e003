"""/actions summary and the board verbs through the real bolt app, against the fake Slack API."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import docx
import pytest

from bot.actions.service import NewAction
from bot.leads.service import LeadRef
from tests.annex_a import BOARD, SECRETARY, add_annex_a
from tests.fakes.slack_api import FakeSlack


@pytest.fixture
def slack():
    with FakeSlack() as fake:
        for user in ("USEC", "UBSEC", "UANY"):
            fake.add_user(user)
        yield fake


@pytest.fixture
def annex(bot, clock):  # type: ignore[no-untyped-def]
    clock.set(datetime(2022, 7, 20, 12, tzinfo=UTC))
    add_annex_a(bot.services, with_next_meeting=True)
    bot.command(
        "board set Performance and Risk Oversight Board short:PROB "
        "channel:<#C0PROB|prob-board> secretary:<@UBSEC|bsec>"
    )
    clock.set(datetime(2022, 10, 10, 9, tzinfo=UTC))


def test_format_docx_uploads_a_word_document_to_the_requesters_dm(bot, annex, slack) -> None:  # type: ignore[no-untyped-def]
    reply = bot.command("summary PROB format:docx", user="UANY")
    assert "Sent matters-arising-prob-2022-10-20.docx" in bot.text(reply)
    assert "to your direct messages" in bot.text(reply)

    [url_call] = slack.called("files.getUploadURLExternal")
    assert url_call.args["filename"] == "matters-arising-prob-2022-10-20.docx"
    [upload] = slack.called("upload")
    assert int(url_call.args["length"]) == len(upload.body)
    [complete] = slack.called("files.completeUploadExternal")
    assert complete.args["channel_id"] == "DUANY"
    assert "Open: 14. Overdue: 8." in complete.args["initial_comment"]
    assert slack.called("conversations.open")[0].args["users"] == "UANY"

    document = docx.Document(io.BytesIO(upload.body))
    assert document.paragraphs[0].text == "Annex A: Action log"
    assert document.paragraphs[1].text.startswith(f"{BOARD}: matters arising")
    assert [p.text for p in document.sections[0].header.paragraphs] == ["OFFICIAL"]
    overdue = document.tables[1]
    assert [c.text for c in overdue.rows[0].cells] == [
        "No.",
        "Action",
        "Timing",
        "Lead",
        "Status",
        "Latest update",
        "Id",
    ]
    assert len(overdue.rows) == 1 + 8


def test_post_with_format_uploads_to_the_boards_channel(bot, annex, slack) -> None:  # type: ignore[no-untyped-def]
    reply = bot.command("summary PROB post format:csv", user="UBSEC")
    assert "<#C0PROB>" in bot.text(reply)
    [complete] = slack.called("files.completeUploadExternal")
    assert complete.args["channel_id"] == "C0PROB"
    assert slack.called("upload")[0].body.startswith(b"\xef\xbb\xbf")


def test_post_sends_the_summary_to_the_boards_channel(bot, annex, slack) -> None:  # type: ignore[no-untyped-def]
    reply = bot.command("summary post", user="UBSEC")
    assert "Posted the matters-arising summary" in bot.text(reply)
    assert "<#C0PROB>" in bot.text(reply)
    [post] = slack.called("chat.postMessage")
    assert post.args["channel"] == "C0PROB"
    blocks = (
        json.loads(post.args["blocks"])
        if isinstance(post.args["blocks"], str)
        else post.args["blocks"]
    )
    assert blocks[0]["text"]["text"] == f"Matters arising: {BOARD}, 20 October 2022"
    assert "*Overdue* (8)" in json.dumps(blocks)


def test_only_the_boards_secretaries_may_post(bot, annex, slack) -> None:  # type: ignore[no-untyped-def]
    reply = bot.command("summary PROB post", user="UANY")
    assert "Only a secretary of Performance and Risk Oversight Board" in bot.text(reply)
    assert slack.called("chat.postMessage") == []


def test_a_long_summary_is_posted_as_several_messages(bot, annex, slack) -> None:  # type: ignore[no-untyped-def]
    for number in range(220):
        bot.services.actions.add(
            SECRETARY,
            NewAction(
                f"Follow-up {number}: " + "a long description of the work to be done. " * 14,
                [LeadRef(name="MPS")],
                timing="September 2022",
                board="PROB",
            ),
        )
    bot.command("summary PROB post", user="UBSEC")
    posts = slack.called("chat.postMessage")
    assert len(posts) > 1
    for post in posts:
        blocks = post.args["blocks"]
        blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
        assert len(blocks) <= 50
        assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in blocks)


def test_the_summary_is_shown_privately_by_default(bot, annex, slack) -> None:  # type: ignore[no-untyped-def]
    reply = bot.command("summary Performance and Risk Oversight Board", user="UANY")
    assert reply["response_type"] == "ephemeral"
    text = bot.text(reply)
    assert "Matters arising: Performance and Risk Oversight Board, 20 October 2022" in text
    assert (
        "Open: 14. Overdue: 8. Slipped: 0. Completed or dropped since the last meeting: 1."
    ) in text
    assert slack.called("chat.postMessage") == []


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("summary PROB format:pdf", "is not a summary format"),
        ("summary Finance", 'No board is called \\"Finance\\"'),
        ("summary PROB for:October", "is not a meeting date"),
        ("meeting PROB 31 February 2023", "February 2023 has no day 31"),
        ("board set PROB channel:#prob", "is not a channel I can read"),
    ],
)
def test_bad_input_says_what_is_wrong_and_changes_nothing(bot, annex, slack, text, says) -> None:  # type: ignore[no-untyped-def]
    reply = bot.command(text, user="USEC")
    assert says in bot.text(reply)
    assert slack.called("chat.postMessage") == []
    assert slack.called("files.completeUploadExternal") == []
    assert bot.services.boards.get("PROB").channel_id == "C0PROB"


def test_board_and_meeting_verbs(bot, annex, slack) -> None:  # type: ignore[no-untyped-def]
    shown = bot.text(bot.command("board PROB", user="UANY"))
    assert "<#C0PROB>" in shown and "<@UBSEC>" in shown and "20 October 2022" in shown
    added = bot.text(bot.command('meeting PROB 20 October 2022 every:"3 months"', user="UBSEC"))
    assert "20 January 2023" in added and "Repeats every 3 months" in added
    listed = bot.text(bot.command("boards", user="UANY"))
    assert "Performance and Risk Oversight Board" in listed and "Open actions: 14" in listed
    refused = bot.text(bot.command("board add Finance Board", user="UBSEC"))
    assert "Only a secretary of every board" in refused
