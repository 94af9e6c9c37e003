"""The App Home tab: a lead's own open actions by urgency, a secretary's boards with counts."""

from __future__ import annotations

import itertools
import json
import re
from datetime import UTC, date, datetime

from bot.actions.service import NewAction
from bot.leads.service import LeadRef
from bot.models.actions import Status
from tests.annex_a import SECRETARY
from tests.fakes.slack_api import landing_channel
from tests.fakes.slack_bot import HOME_TAB, SlackBot, button

_events = itertools.count(1)
_ACTION = re.compile(r"\*#(\d+)\*")


def published(bot: SlackBot, before: int) -> list[dict]:
    """The blocks of the next views.publish after the `before` already made."""
    call = bot.slack.wait_for("views.publish", before + 1)[before]
    view = call.args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert view["type"] == "home"
    assert len(view["blocks"]) <= 100, "Slack refuses a Home view of more than 100 blocks"
    return view["blocks"]


def open_home(bot: SlackBot, user: str) -> list[dict]:
    before = len(bot.slack.called("views.publish"))
    event = {"type": "app_home_opened", "user": user, "channel": "D1", "tab": "home"}
    body = {
        "type": "event_callback",
        "team_id": "T1",
        "api_app_id": "A1",
        "event_id": f"Ev{next(_events)}",
        "event_time": 1,
        "event": dict(event, event_ts="1.0"),
    }
    status, _ = bot.post(json.dumps(body), json_body=True)
    assert status == 200
    call = bot.slack.wait_for("views.publish", before + 1)[before]
    assert call.args["user_id"] == user
    return published(bot, before)


def press(bot: SlackBot, user: str, button_: dict) -> None:
    """Press a button on the Home tab, as Slack sends it: no response_url, the view instead."""
    pressed = button(button_["action_id"], button_["value"])
    assert bot.press(pressed, user=user, where=HOME_TAB)[0] == 200


def text(blocks: list[dict]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def groups(blocks: list[dict]) -> dict[str, list[int]]:
    """Action ids under each heading of "My actions", in the order shown."""
    found: dict[str, list[int]] = {}
    heading = None
    for block in blocks:
        if block["type"] == "header":
            heading = None
        if block["type"] != "section" or "text" not in block:
            continue
        words = block["text"]["text"]
        if match := re.fullmatch(r"\*(.+)\* \((\d+)\)", words):
            heading = f"{match[1]} ({match[2]})"
            found[heading] = []
        elif heading and (action := _ACTION.match(words.removeprefix(":warning: "))):
            found[heading].append(int(action[1]))
    return found


def buttons(blocks: list[dict], action_id: str) -> list[dict]:
    return [
        element
        for block in blocks
        if block["type"] == "actions"
        for element in block["elements"]
        if element["action_id"] == action_id
    ]


def add(bot: SlackBot, description: str, lead: str, timing: str = "", **more: object) -> int:
    by = more.pop("by", SECRETARY)
    new = NewAction(description, [LeadRef(name=lead)], timing, **more)  # type: ignore[arg-type]
    return bot.services.actions.add(by, new).action.id  # type: ignore[arg-type]


def test_a_leads_home_shows_exactly_their_open_actions_by_urgency_with_buttons(bot):
    bot.services.leads.map_users(SECRETARY, "MPS", user_ids=["UALICE"], aliases=[])
    overdue = add(bot, "Send the SSO report", "MPS", "June 2022")
    soon = add(bot, "Brief the panel", "MPS and MOPAC", "July 2022")  # 31 July: in 6 days
    later = add(bot, "Review the schools", "MPS", "October 2022")
    undated = add(bot, "Align the reviews", "MPS")
    others = add(bot, "MOPAC's own paper", "MOPAC", "June 2022")
    closed = add(bot, "Already sent", "MPS", "June 2022")
    bot.services.actions.set_status(SECRETARY, closed, Status.DONE)

    blocks = open_home(bot, "UALICE")

    assert groups(blocks) == {
        "Overdue (1)": [overdue],
        "Due soon (by 8 August 2022) (1)": [soon],
        "Later (2)": [later, undated],
    }
    shown = text(blocks)
    assert "MOPAC's own paper" not in shown and "Already sent" not in shown
    assert "4 open for MPS · 1 overdue · 1 due by 8 August 2022" in shown
    for action_id in ("action.done", "action.update", "action.show"):
        values = [json.loads(b["value"]) for b in buttons(blocks, action_id)]
        assert values == [{"id": i, "version": 1} for i in (overdue, soon, later, undated)]
    assert others not in [v["id"] for v in map(json.loads, _values(blocks, "action.show"))]
    assert "My boards" not in shown  # Alice is no secretary


def test_a_secretarys_home_shows_their_boards_with_counts_and_buttons(bot, clock):
    bot.services.boards.create(
        SECRETARY, "Performance and Risk Oversight Board", short_name="PROB", secretaries=["UBEA"]
    )
    bot.services.boards.create(SECRETARY, "Audit Panel", secretaries=["UCARL"])
    for day in (date(2022, 6, 24), date(2022, 10, 20)):
        bot.services.boards.add_meeting(SECRETARY, "PROB", day)
    # Noted on 20 June, before the last meeting (24 June): no update since it.
    clock.set(datetime(2022, 6, 20, 9, 0, tzinfo=UTC))
    stale = add(bot, "Stale since June", "MOPAC", "July 2022", board="PROB")
    bot.services.actions.update(SECRETARY, stale, note="chased")
    clock.set(datetime(2022, 7, 25, 10, 0, tzinfo=UTC))
    add(bot, "Send the SSO report", "MPS", "June 2022", board="PROB")  # overdue, never updated
    fresh = add(bot, "Brief the panel", "MPS", "August 2022", board="PROB")
    bot.services.actions.update(SECRETARY, fresh, note="draft with legal")
    moved = add(bot, "Review the schools", "MOPAC", "October 2022", board="PROB")
    bot.services.actions.update(SECRETARY, moved, timing="November 2022", note="needs data")
    closed = add(bot, "Done already", "MPS", "June 2022", board="PROB")
    bot.services.actions.set_status(SECRETARY, closed, Status.DONE)
    add(bot, "Another board's action", "MPS", "June 2022", board="Audit Panel")

    blocks = open_home(bot, "UBEA")

    shown = text(blocks)
    assert "My boards" in shown and "My actions" not in shown
    assert "Audit Panel" not in shown
    board = next(b for b in blocks if "fields" in b)
    assert "Performance and Risk Oversight Board (PROB)" in board["text"]["text"]
    assert "next meeting 20 October 2022" in board["text"]["text"]
    assert [field["text"] for field in board["fields"]] == [
        "*Open:* 4",
        "*Overdue:* 1",
        "*No update since 24 June 2022:* 2",
        "*Deadlines moved:* 1",
    ]
    board_id = bot.services.boards.get("PROB").id
    assert _values(blocks, "home.summary") == [str(board_id)]
    assert _values(blocks, "action.add") == [str(board_id)]
    assert _values(blocks, "import.open") == [str(board_id)]


def test_someone_who_leads_and_is_a_secretary_sees_both(bot):
    bot.services.boards.create(SECRETARY, "Audit Panel", secretaries=["UBEA"])
    bot.services.leads.map_users(SECRETARY, "MOPAC", user_ids=["UBEA"], aliases=[])
    mine = add(bot, "MOPAC's own paper", "MOPAC", "June 2022", board="Audit Panel")
    add(bot, "Send the SSO report", "MPS", "June 2022", board="Audit Panel")

    blocks = open_home(bot, "UBEA")

    titles = [b["text"]["text"] for b in blocks if b["type"] == "header"]
    assert titles == ["My actions", "My boards"]
    assert groups(blocks) == {"Overdue (1)": [mine]}
    board = next(b for b in blocks if "fields" in b)
    assert (
        board["fields"][0]["text"] == "*Open:* 2" and board["fields"][1]["text"] == "*Overdue:* 2"
    )


def test_a_long_home_keeps_within_100_blocks_and_pages_on_request(bot):
    # USEC is in SECRETARY_USER_IDS: a secretary of every board; and leads 40 actions.
    bot.services.leads.map_users(SECRETARY, "MPS", user_ids=["USEC"], aliases=[])
    ids = [add(bot, f"Action number {n}", "MPS", "October 2022") for n in range(40)]
    for n in range(12):
        bot.services.boards.create(SECRETARY, f"Board {n:02}")

    blocks = open_home(bot, "USEC")

    assert groups(blocks) == {"Later (40)": ids[:15]}
    assert "Showing 1–15 of 40" in text(blocks)
    assert "Showing boards 1–10 of 12" in text(blocks)
    assert len(_values(blocks, "home.summary")) == 10
    more_actions, more_boards = buttons(blocks, "home.next")

    before = len(bot.slack.called("views.publish"))
    press(bot, "USEC", more_actions)
    blocks = published(bot, before)
    assert groups(blocks) == {"Later (40)": ids[15:30]}
    assert "Showing 16–30 of 40" in text(blocks) and "Showing boards 1–10" in text(blocks)

    press(bot, "USEC", buttons(blocks, "home.next")[1])  # the boards' next page
    blocks = published(bot, before + 1)
    assert groups(blocks) == {"Later (40)": ids[15:30]}  # my actions stay on their page
    assert "Showing boards 11–12 of 12" in text(blocks)
    assert "Board 11" in text(blocks) and "Board 00" not in text(blocks)
    assert more_boards["value"] != buttons(blocks, "home.previous")[-1]["value"]


def test_summary_on_the_home_tab_sends_the_boards_summary_privately(bot):
    bot.slack.add_user("USEC")
    bot.services.boards.create(SECRETARY, "Performance and Risk Oversight Board", short_name="PROB")
    bot.services.boards.create(SECRETARY, "Audit Panel")
    bot.services.boards.add_meeting(SECRETARY, "PROB", date(2022, 10, 20))
    add(bot, "Send the SSO report", "MPS", "June 2022", board="PROB")
    blocks = open_home(bot, "USEC")
    no_meeting, summary = buttons(blocks, "home.summary")  # by name: Audit Panel, then PROB

    press(bot, "USEC", summary)
    call = bot.slack.wait_for("chat.postMessage")[0]
    assert bot.slack.landed_in(call) == landing_channel("USEC")
    sent = json.dumps(call.args, ensure_ascii=False)
    assert "Performance and Risk Oversight Board" in sent and "Send the SSO report" in sent
    assert "20 October 2022" in sent

    press(bot, "USEC", no_meeting)
    call = bot.slack.wait_for("chat.postMessage", 2)[-1]
    assert bot.slack.landed_in(call) == landing_channel("USEC")
    assert "Audit Panel has no upcoming meeting" in json.dumps(call.args)


def test_someone_with_no_role_is_told_how_to_get_one(bot):
    shown = text(open_home(bot, "UNOBODY"))
    assert "ask a board secretary to map you to your lead" in shown
    assert "My actions" not in shown and "My boards" not in shown


def test_a_lead_with_nothing_open_is_told_so(bot):
    bot.services.leads.map_users(SECRETARY, "MPS", user_ids=["UALICE"], aliases=[])
    assert "No open actions are led by MPS" in text(open_home(bot, "UALICE"))


def _values(blocks: list[dict], action_id: str) -> list[str]:
    return [b["value"] for b in buttons(blocks, action_id)]


def test_a_button_with_a_value_it_cannot_read_is_answered_and_changes_nothing(bot):
    bot.services.leads.map_users(SECRETARY, "MPS", user_ids=["UALICE"], aliases=[])
    first = add(bot, "Send the SSO report", "MPS", "June 2022")

    before = len(bot.slack.called("views.publish"))
    press(bot, "UALICE", {"action_id": "home.next", "value": "not json"})
    assert groups(published(bot, before)) == {"Overdue (1)": [first]}

    press(bot, "UALICE", {"action_id": "home.summary", "value": "PROB"})
    call = bot.slack.wait_for("chat.postMessage")[0]
    assert bot.slack.landed_in(call) == landing_channel("UALICE")
    assert "This button names no board" in json.dumps(call.args)


def test_add_action_and_import_on_a_board_open_their_forms_on_that_board(bot):
    bot.services.boards.create(SECRETARY, "Audit Panel")
    bot.services.boards.create(SECRETARY, "Performance and Risk Oversight Board", short_name="PROB")
    blocks = open_home(bot, "USEC")

    # One after the other: the `bot` fixture's requests share one database connection.
    press(bot, "USEC", buttons(blocks, "action.add")[1])  # boards by name: PROB second
    bot.slack.wait_for("views.open")
    press(bot, "USEC", buttons(blocks, "import.open")[1])
    for call in bot.slack.wait_for("views.open", 2):
        assert call.args["trigger_id"] == "7.8.9"
        view = call.args["view"]
        view = json.loads(view) if isinstance(view, str) else view
        chosen = [
            block["element"]["initial_option"]["text"]["text"]
            for block in view["blocks"]
            if "initial_option" in block.get("element", {})
        ]
        assert any("Performance and Risk Oversight Board" in text for text in chosen), chosen


def test_mark_done_pressed_on_the_home_tab_republishes_the_presser_s_home(bot):
    bot.services.leads.map_users(SECRETARY, "MPS", user_ids=["UALICE"], aliases=[])
    report = add(bot, "Send the SSO report", "MPS", "June 2022")
    paper = add(bot, "Write the paper", "MPS", "October 2022")
    blocks = open_home(bot, "UALICE")
    before = len(bot.slack.called("views.publish"))

    done = next(b for b in buttons(blocks, "action.done") if json.loads(b["value"])["id"] == report)
    press(bot, "UALICE", done)
    form = bot.slack.wait_for("views.open")[0].args["view"]
    form = json.loads(form) if isinstance(form, str) else form
    values = {"note": {"note": {"type": "plain_text_input", "value": "Sent"}}}
    metadata = form["private_metadata"]
    status, _ = bot.submit_view(
        form["callback_id"], values, user="UALICE", metadata=metadata, view_id="V2"
    )
    assert status == 200

    blocks = published(bot, before)
    assert groups(blocks) == {"Later (1)": [paper]}
    assert "status: open → done" in bot.text(bot.command(f"show {report}"))
