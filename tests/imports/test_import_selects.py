"""The import form's board and lead are chosen from lists, and a board or lead not in them can
still be named: through the real bolt app over signed HTTP, against the fake Slack Web API."""

from __future__ import annotations

import json

import pytest

from tests.fakes.slack_bot import running_bot
from tests.imports.test_slack_import import BOARD, ImportBot, as_dict, buttons, text_form

TABLE = (
    "No.\tAction\tTiming\tLead\n"
    "1\tMPS to provide a briefing note on PCSO recruitment.\tAugust 2022\tMPS\n"
    "2\tA review of community engagement.\tSeptember 2022\t\n"
)


@pytest.fixture
def bot(slack_settings, slack_services, slack):
    with running_bot(slack_settings, slack_services, slack, ImportBot) as bot:
        bot.command(f'board add "{BOARD}" short:PROB')
        bot.command('add Existing action lead:Insight board:PROB due:"July 2022"')
        yield bot


def ids(bot) -> tuple[str, str]:
    board = next(str(b.id) for b in bot.services.boards.names())
    lead = next(str(lead.id) for lead in bot.services.leads.list_leads())
    return board, lead


def chosen(board: str, lead: str | None = None) -> dict:
    form = text_form(TABLE)
    del form["new_board"], form["new_lead"]
    form["board"] = {"type": "static_select", "selected_option": {"value": board}}
    form["lead"] = {"type": "static_select", "selected_option": {"value": lead} if lead else None}
    return form


def opened(bot) -> dict:
    view = as_dict(bot.slack.wait_for("views.open")[0].args["view"])
    return {b["block_id"]: b for b in view["blocks"] if "block_id" in b}


def test_a_board_named_with_the_command_is_chosen_in_the_list(bot):
    bot.send_command("import board:prob")
    blocks = opened(bot)
    board, lead = ids(bot)
    assert blocks["board"]["element"]["initial_option"]["value"] == board
    assert "initial_value" not in blocks["new_board"]["element"]
    assert [o["value"] for o in blocks["lead"]["element"]["options"]] == [lead]


def test_a_board_not_in_the_list_is_kept_as_a_new_board(bot):
    bot.send_command('import board:"Audit Panel"')
    blocks = opened(bot)
    assert "initial_option" not in blocks["board"]["element"]
    assert blocks["new_board"]["element"]["initial_value"] == "Audit Panel"


def test_the_chosen_board_and_lead_are_imported(bot):
    board, lead = ids(bot)
    status, body = bot.submit_form(chosen(board, lead))
    assert (status, body) == (200, "")
    preview = bot.posted()
    assert BOARD in json.dumps(preview["blocks"])
    bot.click("import.confirm", buttons(preview)["import.confirm"])
    assert f"into {BOARD}" in json.dumps(bot.next_response())
    page = bot.services.actions.find(bot.services.caller("USEC"), state="all", board="PROB")
    leads = {a.description: list(a.leads) for a in page.items}
    assert leads["A review of community engagement."] == ["Insight"]
    assert leads["MPS to provide a briefing note on PCSO recruitment."] == ["MPS"]


def test_a_new_board_typed_beside_the_list_is_still_created(bot):
    form = text_form(TABLE, board="Audit Panel")
    form["board"] = {"type": "static_select", "selected_option": None}
    bot.submit_form(form)
    bot.click("import.confirm", buttons(bot.posted())["import.confirm"])
    assert "into Audit Panel" in json.dumps(bot.next_response())
    assert "Audit Panel" in [b.name for b in bot.services.boards.names()]


def test_a_board_both_chosen_and_typed_or_neither_is_asked_for_again(bot):
    board, _ = ids(bot)
    both = chosen(board)
    both["new_board"] = {"type": "plain_text_input", "value": "Audit Panel"}
    _, body = bot.submit_form(both)
    assert json.loads(body)["errors"] == {
        "new_board": "Choose a board from the list or name a new one, not both."
    }
    neither = chosen(board)
    neither["board"]["selected_option"] = None
    _, body = bot.submit_form(neither)
    assert json.loads(body)["errors"] == {
        "board": "Which board are these actions for? Choose one, or name a new one."
    }
    assert not bot.slack.called("chat.postMessage")
