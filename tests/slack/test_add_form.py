"""The add form, the Add action and Import buttons and the message shortcut, through the real
bolt app over signed HTTP, against the fake Slack Web API."""

from __future__ import annotations

import json
import re
import time

import pytest

from bot.slack.ids import ACTION_ADD, ACTION_FROM_MESSAGE, ADD_MODAL, IMPORT_MODAL, IMPORT_OPEN
from tests.conftest import BACKENDS
from tests.fakes.slack_bot import HOME_TAB, SlackBot, button, running_bot

BOARD = "Performance and Risk Oversight Board"


class FormBot(SlackBot):
    """Also submits the add form, presses buttons and uses the message shortcut."""

    def submit_add(
        self, values: dict, *, view_id: str = "V1", user: str = "USEC", timestamp: int | None = None
    ) -> tuple:
        status, answer = self.submit_view(
            ADD_MODAL, values, user=user, view_id=view_id, timestamp=timestamp
        )
        return status, json.loads(answer) if answer else {}

    def press_home(self, action_id: str, value: str, *, user: str = "USEC") -> int:
        return self.press(button(action_id, value), user=user, where=HOME_TAB)[0]

    def shortcut(
        self, text: str, *, domain: str | None = "board", thread_ts: str = "", user: str = "USEC"
    ) -> int:
        message = {"type": "message", "user": "UMPS", "text": text, "ts": "1700000000.123456"}
        if thread_ts:
            message["thread_ts"] = thread_ts
        status, _ = self.interact(
            {
                "type": "message_action",
                "callback_id": ACTION_FROM_MESSAGE,
                "team": {"id": "T1", **({"domain": domain} if domain else {})},
                "user": {"id": user},
                "channel": {"id": "C1", "name": "prob"},
                "message": message,
                "message_ts": message["ts"],
                "trigger_id": "9.9.9",
                "response_url": self.slack.response_url(f"shortcut{time.time()}"),
                "action_ts": f"{time.time():.6f}",
            }
        )
        return status

    def opened(self, count: int = 1) -> dict:
        call = self.slack.wait_for("views.open", count)[count - 1]
        view = call.args["view"]
        return {"trigger_id": call.args["trigger_id"], **as_dict(view)}

    def dm(self, count: int = 1) -> str:
        call = self.slack.wait_for("chat.postMessage", count)[count - 1]
        assert self.slack.landed_in(call) == "DUSEC"
        return json.dumps(as_dict(call.args["blocks"]), ensure_ascii=False)


def as_dict(value: object) -> dict:
    return json.loads(value) if isinstance(value, str) else value  # type: ignore[arg-type]


def with_a_board(bot: FormBot) -> FormBot:
    bot.command(f'board add "{BOARD}" short:PROB')
    bot.command('add Existing action lead:MPS lead:MOPAC board:PROB due:"July 2022"')
    return bot


@pytest.fixture
def bot(slack_settings, slack_services, slack):
    with running_bot(slack_settings, slack_services, slack, FormBot) as bot:
        yield with_a_board(bot)


@pytest.fixture
def pooled_form_bot(slack_settings, pooled_services, slack):
    """On a database with a connection pool: for submissions worked on at the same time."""
    with running_bot(slack_settings, pooled_services, slack, FormBot) as bot:
        yield with_a_board(bot)


def board_id(bot) -> str:
    return next(str(b.id) for b in bot.services.boards.names() if b.short_name == "PROB")


def lead_id(bot, name: str) -> str:
    return next(str(lead.id) for lead in bot.services.leads.list_leads() if lead.name == name)


def block(view: dict, block_id: str) -> dict:
    return next(b for b in view["blocks"] if b.get("block_id") == block_id)


def filled(bot, *, timing: str = "August 2022", description: str = "Provide the SSO report"):
    """The add form as a secretary fills it in: a board and a lead chosen, one new lead typed."""
    board = board_id(bot)
    return {
        "board": {"value": {"type": "static_select", "selected_option": {"value": board}}},
        "new_board": {"value": {"type": "plain_text_input", "value": None}},
        "description": {"value": {"type": "plain_text_input", "value": description}},
        "leads": {
            "value": {
                "type": "multi_static_select",
                "selected_options": [{"value": lead_id(bot, "MPS")}],
            }
        },
        "new_leads": {"value": {"type": "plain_text_input", "value": "Insight"}},
        "timing": {"value": {"type": "plain_text_input", "value": timing}},
        "item_no": {"value": {"type": "plain_text_input", "value": "14"}},
        "forum": {"value": {"type": "plain_text_input", "value": "Audit Panel"}},
    }


def added(bot) -> list:
    """The actions the form added (the fixture's own is left out)."""
    page = bot.services.actions.find(bot.services.caller("USEC"), state="all")
    return [a for a in page.items if a.description != "Existing action"]


def test_add_alone_opens_the_form_with_the_boards_and_leads(bot):
    assert bot.send_command("add") == 200
    view = bot.opened()
    assert view["trigger_id"] == "1.2.3"
    assert view["callback_id"] == ADD_MODAL
    boards = block(view, "board")["element"]["options"]
    assert [o["text"]["text"] for o in boards] == [f"PROB — {BOARD}"]
    leads = block(view, "leads")["element"]["options"]
    assert sorted(o["text"]["text"] for o in leads) == ["MOPAC", "MPS"]
    assert {"description", "new_leads", "timing", "item_no", "forum", "new_board"} <= {
        b["block_id"] for b in view["blocks"]
    }
    assert len(bot.slack.called("response_url")) == 2  # the fixture's two, no more


def test_a_filled_form_adds_the_action_and_confirms_by_dm(bot):
    status, answer = bot.submit_add(filled(bot))
    assert (status, answer) == (200, {})
    confirmation = bot.dm()
    number = int(re.search(r"Added #(\d+)", confirmation).group(1))
    assert "New lead Insight has no Slack user yet" in confirmation
    action = bot.services.actions.get(number)
    assert action.description == "Provide the SSO report"
    assert action.board_name == BOARD
    assert list(action.leads) == ["MPS", "Insight"]
    assert (action.item_no, action.forum) == ("14", "Audit Panel")
    assert action.deadline_end.isoformat() == "2022-08-31"
    history = json.dumps(bot.command(f"show {number}")["blocks"])
    assert "<@USEC> created it" in history


@pytest.mark.parametrize("fresh_database", BACKENDS, indirect=True)
def test_a_timing_the_bot_cannot_read_is_shown_in_the_form_and_adds_nothing(pooled_form_bot):
    bot = pooled_form_bot
    status, answer = bot.submit_add(filled(bot, timing="soonish"), view_id="VBAD")
    assert status == 200
    assert answer["response_action"] == "errors"
    assert list(answer["errors"]) == ["timing"]
    assert "soonish" in answer["errors"]["timing"]
    # The form stays open and is sent again, corrected: only that adds the action.
    bot.submit_add(filled(bot, timing="September 2022"), view_id="VBAD")
    assert "Added #" in bot.dm()
    assert [a.deadline_end.isoformat() for a in added(bot)] == ["2022-09-30"]
    assert len(bot.slack.called("chat.postMessage")) == 1


def test_a_form_without_a_description_or_lead_says_what_is_missing(bot):
    values = filled(bot, description="")
    values["leads"]["value"]["selected_options"] = []
    values["new_leads"]["value"]["value"] = "  "
    values["new_board"]["value"]["value"] = "Another board"
    _, answer = bot.submit_add(values)
    errors = answer["errors"]
    assert errors["description"] == "Describe the action, as the letter words it."
    assert errors["leads"] == "Who leads this action? Choose a lead, or type a new one."
    assert errors["new_board"] == "Choose a board from the list or name a new one, not both."


@pytest.mark.parametrize("fresh_database", BACKENDS, indirect=True)
def test_a_form_submitted_twice_adds_one_action(pooled_form_bot):
    bot = pooled_form_bot
    values = filled(bot)
    first = bot.submit_add(values, view_id="VTWICE")
    # A retry: the same view, signed anew (Slack's own replay is caught by its signature).
    again = bot.submit_add(values, view_id="VTWICE", timestamp=int(time.time()) - 7)
    assert first == again == (200, {})
    assert "Added #" in bot.dm()
    # Another form's action arrives after both: by then the retry has been dealt with.
    bot.submit_add(filled(bot, description="Second report"), view_id="VOTHER")
    assert "Second report" in bot.dm(2)
    assert sorted(a.description for a in added(bot)) == ["Provide the SSO report", "Second report"]
    assert len(bot.slack.called("chat.postMessage")) == 2


def test_someone_not_a_secretary_is_told_and_nothing_is_added(bot):
    bot.submit_add(filled(bot), user="UOTHER")
    call = bot.slack.wait_for("chat.postMessage")[0]
    assert bot.slack.landed_in(call) == "DUOTHER"
    assert "Only a board secretary can add actions" in json.dumps(call.args["blocks"])
    assert added(bot) == []


def test_the_add_button_opens_the_form_on_its_board(bot):
    assert bot.press_home(ACTION_ADD, board_id(bot)) == 200
    view = bot.opened()
    assert view["trigger_id"] == "7.8.9"
    assert block(view, "board")["element"]["initial_option"]["value"] == board_id(bot)
    assert bot.press_home(ACTION_ADD, "") == 200
    assert "initial_option" not in block(bot.opened(2), "board")["element"]


def test_the_import_button_opens_the_import_form_on_its_board(bot):
    assert bot.press_home(IMPORT_OPEN, board_id(bot)) == 200
    view = bot.opened()
    assert view["callback_id"] == IMPORT_MODAL
    assert block(view, "board")["element"]["initial_option"]["value"] == board_id(bot)
    leads = block(view, "lead")["element"]["options"]
    assert sorted(o["text"]["text"] for o in leads) == ["MOPAC", "MPS"]


def test_the_message_shortcut_fills_in_the_message_and_a_link_to_it(bot):
    assert bot.shortcut("MPS to send the PCSO briefing by August") == 200
    view = bot.opened()
    assert view["trigger_id"] == "9.9.9"
    assert view["callback_id"] == ADD_MODAL
    description = block(view, "description")["element"]["initial_value"]
    link = "https://board.slack.com/archives/C1/p1700000000123456"
    assert description == f"MPS to send the PCSO briefing by August\n\nSource: {link}"
    assert not bot.slack.called("chat.getPermalink")

    bot.submit_add(filled(bot, description=description))
    assert link in bot.dm()
    assert link in added(bot)[0].description


def test_a_reply_in_a_thread_links_to_its_thread(bot):
    bot.shortcut("In the thread", thread_ts="1699999999.000100")
    description = block(bot.opened(), "description")["element"]["initial_value"]
    assert description.endswith("/archives/C1/p1700000000123456?thread_ts=1699999999.000100&cid=C1")


def test_without_the_workspace_domain_the_link_is_asked_of_slack(bot):
    link = "https://board.enterprise.slack.com/archives/C1/p1700000000123456"
    bot.slack.on("chat.getPermalink", lambda args: {"ok": True, "permalink": link})
    bot.shortcut("Agreed: a new dashboard", domain=None)
    description = block(bot.opened(), "description")["element"]["initial_value"]
    assert description == f"Agreed: a new dashboard\n\nSource: {link}"
    call = bot.slack.called("chat.getPermalink")[0]
    assert (call.args["channel"], call.args["message_ts"]) == ("C1", "1700000000.123456")


def test_someone_not_a_secretary_is_told_before_any_form_opens(bot):
    refused = bot.command("add", user="UOTHER")
    assert "Only a board secretary can add actions" in bot.text(refused)
    bot.shortcut("Agreed: a new dashboard", user="UOTHER")
    assert "Only a board secretary can add actions" in bot.text(bot.next_response())
    bot.press_home(ACTION_ADD, "", user="UOTHER")
    call = bot.slack.wait_for("chat.postMessage")[0]
    assert bot.slack.landed_in(call) == "DUOTHER"
    assert "Only a board secretary can add actions" in json.dumps(call.args["blocks"])
    assert not bot.slack.called("views.open")


def test_a_message_without_text_starts_the_description_with_its_link(bot):
    bot.shortcut("")
    description = block(bot.opened(), "description")["element"]["initial_value"]
    assert description == "Source: https://board.slack.com/archives/C1/p1700000000123456"
