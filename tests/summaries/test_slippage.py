"""The real Annex A letter, item 7 moved by its lead: every summary shows the agreed deadline."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import docx
import pytest

from bot.imports.plan import ImportOptions
from tests.annex_a import BOARD, SECRETARY
from tests.conftest import sample_path
from tests.fakes.slack_api import FakeSlack

ANNEX = "letter-2022-07-20-oversight-board-annex-a.txt"
MOVED_FILES = (
    "agreed August 2022, now November 2022, moved by Alice Able on 15 September 2022: "
    "waiting for the data"
)
MOVED_SLACK = (
    "agreed August 2022, now November 2022, moved by <@UALICE> on 15 September 2022: "
    "waiting for the data"
)


@pytest.fixture
def slack():
    with FakeSlack() as fake:
        for user in ("USEC", "UBSEC"):
            fake.add_user(user)
        # The files name her as Slack does; Slack messages mention her.
        fake.add_user("UALICE", name="Alice Able")
        yield fake


@pytest.fixture
def item7(bot, clock, slack):  # type: ignore[no-untyped-def]
    """The letter imported on 20 July, item 7 moved by MPS's Alice on 15 September."""
    clock.set(datetime(2022, 7, 20, 12, tzinfo=UTC))
    services = bot.services
    document = services.imports.read_file(sample_path(ANNEX).read_bytes(), ANNEX)
    plan = services.imports.preview(document, ImportOptions(BOARD), by=SECRETARY)
    result = services.imports.apply(plan, by=SECRETARY)
    number_of = {services.actions.get(i).item_no: i for i in result.created}
    bot.command(f'board set "{BOARD}" short:PROB channel:<#C0PROB|prob> secretary:<@UBSEC|bsec>')
    bot.command("meeting PROB 20 October 2022", user="UBSEC")
    bot.command("lead MPS <@UALICE|alice>")
    clock.set(datetime(2022, 9, 15, 10, tzinfo=UTC))
    action_id = number_of["7"]
    reply = bot.command(f'update {action_id} due:"November 2022" waiting for the data', "UALICE")
    assert f"Updated #{action_id}" in bot.text(reply)
    clock.set(datetime(2022, 10, 10, 9, tzinfo=UTC))
    return action_id


def blocks_of(call) -> str:  # type: ignore[no-untyped-def]
    blocks = call.args["blocks"]
    return json.dumps(json.loads(blocks) if isinstance(blocks, str) else blocks, ensure_ascii=False)


def test_the_secretary_is_told_by_direct_message(bot, item7, slack) -> None:  # type: ignore[no-untyped-def]
    [dm] = [c for c in slack.called("chat.postMessage") if c.args["channel"] == "UBSEC"]
    text = blocks_of(dm)
    assert (
        f"<@UALICE> moved the deadline of #{item7} from August 2022 to November 2022 "
        "(the board agreed August 2022)."
    ) in text
    assert "waiting for the data" in text
    # The lead who moved it is not told of their own move.
    assert not [c for c in slack.called("chat.postMessage") if c.args["channel"] == "UALICE"]


def test_show_and_list_say_agreed_and_now(bot, item7) -> None:  # type: ignore[no-untyped-def]
    shown = bot.text(bot.command(f"show {item7}", user="UBSEC"))
    assert "agreed August 2022, now November 2022" in shown
    assert "due: August 2022 → November 2022 — waiting for the data" in shown
    listed = bot.text(bot.command("list board:PROB", user="UBSEC"))
    assert "agreed August 2022, now November 2022" in listed


def test_the_slack_summary_lists_the_slipped_action(bot, item7, slack) -> None:  # type: ignore[no-untyped-def]
    bot.command("summary PROB post", user="UBSEC")
    [post] = [c for c in slack.called("chat.postMessage") if c.args["channel"] == "C0PROB"]
    text = blocks_of(post)
    assert "Open: 14. Overdue: 7. Slipped: 1." in text
    assert "*Slipped: deadline later than the board agreed* (1)" in text
    assert f"*7 (#{item7})*" in text
    assert text.count(MOVED_SLACK) == 2  # in the slipped list, and on its own line


def upload(bot, slack, fmt: str) -> bytes:  # type: ignore[no-untyped-def]
    reply = bot.command(f"summary PROB format:{fmt}", user="UBSEC")
    assert f"matters-arising-prob-2022-10-20.{fmt}" in bot.text(reply)
    return bytes(slack.called("upload")[-1].body)


def test_the_markdown_file_shows_agreed_and_now(bot, item7, slack) -> None:  # type: ignore[no-untyped-def]
    text = upload(bot, slack, "md").decode("utf-8")
    assert "Open: 14. Overdue: 7. Slipped: 1." in text
    slipped = text.split("## Slipped: deadline later than the board agreed\n\n", 1)[1]
    assert slipped.startswith(f"- #{item7} (No. 7): MPS to provide their assessment")
    assert slipped.split("\n", 1)[0].endswith(f"— {MOVED_FILES}")
    # Due in November, after the meeting: one line among the actions not yet due.
    later = text.split("## Open and not yet due\n\n", 1)[1]
    [row] = [line for line in later.splitlines() if line.startswith(f"- #{item7} (No. 7)")]
    assert row.endswith(f"— November 2022 — MPS — {MOVED_FILES}")


def test_the_csv_file_shows_agreed_and_now(bot, item7, slack) -> None:  # type: ignore[no-untyped-def]
    rows = list(csv.DictReader(io.StringIO(upload(bot, slack, "csv").decode("utf-8-sig"))))
    [row] = [r for r in rows if r["Id"] == str(item7)]
    assert (row["Timing"], row["Agreed timing"]) == ("November 2022", "August 2022")
    assert row["Deadline moved"] == MOVED_FILES
    assert [r["No."] for r in rows if r["Slipped"] == "yes"] == ["7"]
    assert {r["Deadline moved"] for r in rows if r["Id"] != str(item7)} == {""}


def test_the_word_file_shows_agreed_and_now(bot, item7, slack) -> None:  # type: ignore[no-untyped-def]
    document = docx.Document(io.BytesIO(upload(bot, slack, "docx")))
    paragraphs = [p.text for p in document.paragraphs]
    counts = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert counts[:3] == [
        ["Open actions", "14"],
        ["Overdue", "7"],
        ["Slipped: deadline later than the board agreed", "1"],
    ]
    heading = paragraphs.index("Slipped: deadline later than the board agreed")
    assert paragraphs[heading + 1].startswith(f"7 (#{item7}): MPS to provide their assessment")
    assert paragraphs[heading + 1].endswith(MOVED_FILES)
    cells = [
        [cell.text for cell in row.cells]
        for table in document.tables
        for row in table.rows
        if row.cells[-1].text == f"#{item7}"
    ]
    [(number, _, timing, lead, _, update, _)] = cells
    assert number == "7"
    assert (timing, lead) == ("November 2022", "MPS")
    assert update == f"Deadline {MOVED_FILES}"


def test_a_deadline_moved_earlier_is_shown_but_not_counted(bot, item7, slack) -> None:  # type: ignore[no-untyped-def]
    bot.command(f'update {item7} due:"July 2022" sent early', user="UALICE")
    text = upload(bot, slack, "md").decode("utf-8")
    assert "Slipped: 0." in text
    assert "## Slipped" not in text
    assert (
        "agreed August 2022, now July 2022, moved by Alice Able on 10 October 2022: sent early"
    ) in text


def test_reading_the_letter_again_does_not_undo_the_move(bot, item7) -> None:  # type: ignore[no-untyped-def]
    services = bot.services
    document = services.imports.read_file(sample_path(ANNEX).read_bytes(), ANNEX)
    plan = services.imports.preview(document, ImportOptions(BOARD), by=SECRETARY)
    assert plan.summary().startswith("15 actions: 0 to create, 0 to update, 15 unchanged")
    services.imports.apply(plan, by=SECRETARY)
    assert services.actions.get(item7).timing_raw == "November 2022"


def test_the_leads_reminder_says_agreed_and_now(bot, item7, clock, slack) -> None:  # type: ignore[no-untyped-def]
    # A week before the new deadline (30 November), on a working morning.
    now = datetime(2022, 11, 23, 10, tzinfo=UTC)
    clock.set(now)
    bot.services.reminders.send_due(now, thorough=True)
    texts = [blocks_of(c) for c in slack.called("chat.postMessage") if "blocks" in c.args]
    about_7 = [t for t in texts if f"#{item7}*" in t]
    assert about_7, "a reminder about #7 was sent"
    assert all("agreed August 2022, now November 2022" in t for t in about_7)
