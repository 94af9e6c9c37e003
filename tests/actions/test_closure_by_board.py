"""Closure by the board on the real Annex A letter: a lead's done is proposed for closure, shown
so everywhere, until a secretary records the meeting at which the board agreed."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import docx
import pytest
from docx.table import Table
from docx.text.paragraph import Paragraph

from bot.config import Settings
from bot.imports.plan import ImportOptions
from tests.annex_a import BOARD, SECRETARY
from tests.conftest import sample_path
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_bot import SlackBot, button, on_message

ANNEX = "letter-2022-07-20-oversight-board-annex-a.txt"
PROPOSED = "Done — proposed for closure, awaiting the board"


@pytest.fixture
def settings() -> Settings:
    return Settings(
        _env_file=None,
        secretary_user_ids=["USEC"],
        database_url="sqlite://",
        slack_bot_token="xoxb-test",
        slack_signing_secret="test-secret",
        closure_needs_board=True,
    )


@pytest.fixture
def slack():
    with FakeSlack() as fake:
        for user in ("USEC", "UBSEC", "UALICE"):
            fake.add_user(user)
        yield fake


@pytest.fixture
def annex(bot: SlackBot, clock) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """The letter imported as a secretary would, PROB's channel, secretary and next meeting set,
    and MPS mapped to Alice; action ids by Annex A number."""
    clock.set(datetime(2022, 7, 20, 12, tzinfo=UTC))
    imports = bot.services.imports
    document = imports.read_file(sample_path(ANNEX).read_bytes(), ANNEX)
    result = imports.apply(
        imports.preview(document, ImportOptions(BOARD), by=SECRETARY), by=SECRETARY
    )
    ids = {str(number): action_id for number, action_id in enumerate(result.created, start=1)}
    assert len(ids) == 15
    for line in (
        f'board set "{BOARD}" short:PROB channel:<#C0PROB|prob-board> secretary:<@UBSEC|bsec>',
        "lead MPS <@UALICE|alice>",
        "meeting PROB 20 October 2022",
    ):
        assert ":x:" not in bot.text(bot.command(line))
    return ids


def summary_file(bot: SlackBot, fmt: str) -> bytes:
    bot.command(f"summary PROB format:{fmt}", user="UBSEC")
    return bot.slack.called("upload")[-1].body


def markdown_sections(text: str) -> dict[str, str]:
    return {part.split("\n", 1)[0]: part for part in text.split("\n## ")[1:]}


def docx_sections(content: bytes) -> dict[str, list[list[str]]]:
    """Each Heading 1 of the Word file -> the rows (without the header) of the table below it."""
    document = docx.Document(io.BytesIO(content))
    found: dict[str, list[list[str]]] = {}
    heading = None
    for element in document.element.body.iterchildren():
        if element.tag.endswith("}p"):
            paragraph = Paragraph(element, document)
            if paragraph.style is not None and paragraph.style.name == "Heading 1":
                heading = paragraph.text
        elif element.tag.endswith("}tbl") and heading is not None:
            table = Table(element, document)
            found[heading] = [[cell.text for cell in row.cells] for row in table.rows[1:]]
            heading = None
    return found


def test_a_leads_done_is_proposed_until_a_secretary_records_the_boards_closure(
    bot: SlackBot, annex: dict[str, int], clock, slack: FakeSlack
) -> None:  # type: ignore[no-untyped-def]
    three = annex["3"]
    clock.set(datetime(2022, 8, 15, 10, tzinfo=UTC))
    done = bot.text(bot.command(f"done {three} list sent to the DMPC", user="UALICE"))
    assert PROPOSED in done
    assert f"/actions close {three}" in done

    listed = bot.text(bot.command("list done", user="UALICE"))
    assert f"*#{three}* · {PROPOSED}" in listed
    shown = bot.text(bot.command(f"show {three}", user="UALICE"))
    assert f"*#{three}* · {PROPOSED}" in shown
    assert "status: open → done — list sent to the DMPC" in shown

    # The reminders a week before the August deadline leave out the proposed action.
    clock.set(datetime.fromisoformat("2022-08-24T09:30:00+01:00"))
    bot.services.reminders.send_due()
    [digest] = [c for c in slack.answered("chat.postMessage") if slack.landed_in(c) == "DUALICE"]
    reminded = json.dumps(digest.args["blocks"], ensure_ascii=False)
    assert reminded.count("due in 7 days") == 6  # the seven August items but item 3
    assert f"*#{annex['2']}*" in reminded and f"*#{three}*" not in reminded

    clock.set(datetime(2022, 10, 10, 9, tzinfo=UTC))
    # In Slack: its own section, counted in the totals.
    summary = bot.text(bot.command("summary PROB", user="UBSEC"))
    assert "Proposed for closure: 1." in summary
    proposed_part = summary.split("*Proposed for closure* (1)", 1)[1]
    assert f"*3 (#{three})* · Done on 15 August 2022 — proposed for closure" in proposed_part
    assert summary.count(f"(#{three})") == 1

    markdown = summary_file(bot, "md").decode("utf-8")
    assert "Proposed for closure: 1." in markdown
    sections = markdown_sections(markdown)
    assert f"| {three} | 3 |" in sections["Proposed for closure"]
    assert (
        "Done on 15 August 2022 — proposed for closure, awaiting the board"
        in sections["Proposed for closure"]
    )
    assert f"| {three} |" not in sections["Overdue"]

    rows = list(csv.DictReader(io.StringIO(summary_file(bot, "csv").decode("utf-8-sig"))))
    [row] = [r for r in rows if r["Id"] == str(three)]
    assert (row["Section"], row["Status"], row["Proposed for closure"]) == (
        "Proposed for closure",
        "Done",
        "yes",
    )

    word = docx_sections(summary_file(bot, "docx"))
    assert [(r[0], r[6]) for r in word["Proposed for closure"]] == [("3", f"#{three}")]
    assert word["Proposed for closure"][0][4] == (
        "Done on 15 August 2022 — proposed for closure, awaiting the board"
    )
    assert all(r[6] != f"#{three}" for r in word["Overdue"])

    # Only a secretary records the board's decision; at the meeting, it is that meeting.
    clock.set(datetime(2022, 10, 20, 14, tzinfo=UTC))
    refused = bot.text(bot.command(f"close {three}", user="UALICE"))
    assert f"Only a secretary of {BOARD} can record that the board closed an action" in refused
    closed = bot.text(bot.command(f"close {three} the board accepted the list", user="UBSEC"))
    assert f"Closed by the board: #{three}" in closed
    assert "Done — closed by the board on 20 October 2022" in closed
    history = bot.text(bot.command(f"show {three}"))
    assert (
        "closed by the board at its meeting of 20 October 2022 — the board accepted the list"
        in history
    )
    assert PROPOSED not in bot.text(bot.command("list done"))

    after = bot.text(bot.command("summary PROB", user="UBSEC"))
    assert "Proposed for closure" not in after
    assert "Completed or dropped since the last meeting: 2." in after
    closed_part = after.split("*Completed or dropped since the last meeting* (2)", 1)[1]
    assert f"*3 (#{three})* · Done — closed by the board on 20 October 2022" in closed_part
    rows = list(csv.DictReader(io.StringIO(summary_file(bot, "csv").decode("utf-8-sig"))))
    [row] = [r for r in rows if r["Id"] == str(three)]
    assert row["Section"] == "Completed or dropped since the last meeting"
    assert (row["Status"], row["Proposed for closure"], row["Closed by the board"]) == (
        "Done",
        "no",
        "2022-10-20",
    )


def test_closing_explains_what_is_wrong_and_changes_nothing(
    bot: SlackBot, annex: dict[str, int], clock
) -> None:  # type: ignore[no-untyped-def]
    seven, fourteen = annex["7"], annex["14"]
    clock.set(datetime(2022, 10, 21, 9, tzinfo=UTC))
    before = bot.text(bot.command(f"show {seven}"))
    cases = {
        f'close {seven} meeting:"20 January 2023"': "has not happened yet",
        f'close {seven} meeting:"21 September 2022"': "has no meeting on 21 September 2022",
        f"close {seven} meeting:someday": "someday",
        f"close {fourteen}": "already closed by the board at its meeting of 24 June 2022",
        "close": "Which action?",
    }
    for line, reason in cases.items():
        reply = bot.text(bot.command(line, user="UBSEC"))
        assert ":x:" in reply and reason in reply, line
    assert bot.text(bot.command(f"show {seven}")) == before

    added = bot.text(bot.command("add Brief the panel lead:MPS"))
    loose = int(added.split("Added #", 1)[1].split("*", 1)[0])
    reply = bot.text(bot.command(f"close {loose}", user="USEC"))
    assert f"#{loose} belongs to no board, so no board can close it" in reply

    # An open action the board agreed is complete is closed at once, at the meeting named.
    reply = bot.text(bot.command(f'close {seven} meeting:"20 October 2022"', user="UBSEC"))
    assert "Done — closed by the board on 20 October 2022" in reply
    assert "status: open → done" in bot.text(bot.command(f"show {seven}"))


def press(bot: SlackBot, value: str, user: str) -> dict:
    """Press a summary's "Board closed it" button in the board's channel, as Slack sends it."""
    shown = {"ts": "1.1", "text": "summary"}
    where = on_message("C0PROB", shown, bot.slack.response_url("closure"))
    status, _ = bot.press(button("closure.close", value), user=user, where=where)
    assert status == 200
    return bot.next_response()


def test_the_posted_summary_has_a_button_that_records_the_boards_closure(
    bot: SlackBot, annex: dict[str, int], clock
) -> None:  # type: ignore[no-untyped-def]
    three = annex["3"]
    clock.set(datetime(2022, 8, 15, 10, tzinfo=UTC))
    bot.command(f"done {three} list sent to the DMPC", user="UALICE")
    clock.set(datetime(2022, 10, 20, 14, tzinfo=UTC))
    bot.command("summary PROB post", user="UBSEC")
    blocks = bot.posted()["blocks"]
    [button] = [b["accessory"] for b in blocks if "accessory" in b]
    assert (button["action_id"], button["value"]) == ("closure.close", str(three))
    assert button["text"]["text"] == "Board closed it"

    refused = press(bot, button["value"], "UALICE")
    assert refused["response_type"] == "ephemeral" and refused["replace_original"] is False
    assert f"Only a secretary of {BOARD} can record" in bot.text(refused)
    assert PROPOSED in bot.text(bot.command(f"show {three}"))

    closed = press(bot, button["value"], "UBSEC")
    assert "Done — closed by the board on 20 October 2022" in bot.text(closed)
    assert "already closed by the board" in bot.text(press(bot, button["value"], "UBSEC"))
    assert "names no action" in bot.text(press(bot, "3 meeting:2022-06-24", "UBSEC"))
