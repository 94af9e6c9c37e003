"""The Update form, and the buttons on /actions list and show: paging, forms from a reply."""

from __future__ import annotations

import json

import pytest

from bot.slack.ids import ACTION_DONE, ACTION_UPDATE, UPDATE_MODAL
from tests.annex_a import SECRETARY, add_annex_a
from tests.conftest import BACKENDS
from tests.fakes.slack_bot import SlackBot


@pytest.fixture
def annex(bot: SlackBot) -> dict[str, int]:
    return _annex(bot)


def _annex(bot: SlackBot) -> dict[str, int]:
    bot.services.leads.map_users(SECRETARY, "MPS", user_ids=["UALICE"], aliases=[])
    return add_annex_a(bot.services)


def press_in_reply(bot: SlackBot, user: str, pressed: dict) -> None:
    """A press on an ephemeral /actions reply: Slack sends no message, only its response_url."""
    where = {
        "container": {
            "type": "message",
            "message_ts": "1.1",
            "channel_id": "DUALICE",
            "is_ephemeral": True,
        },
        "channel": {"id": "DUALICE"},
        "response_url": bot.slack.response_url("reply"),
    }
    assert bot.press(pressed, user=user, where=where)[0] == 200


def submit(bot: SlackBot, user: str, view: dict, values: dict[str, str]) -> tuple[int, str]:
    """Send the form with `values`; "leads" are names chosen in its list, one a line."""
    # Slack keys each input's value by its block_id and then its element's action_id.
    action_ids = {
        b["block_id"]: b["element"]["action_id"] for b in view["blocks"] if "element" in b
    }
    state = {
        key: {action_ids.get(key, key): {"type": "plain_text_input", "value": value}}
        for key, value in values.items()
    }
    if "status" in values:
        state["status"] = {"status": {"selected_option": {"value": values["status"]}}}
    if "leads" in values:
        state["leads"] = {"value": {"selected_options": chosen(view, values["leads"])}}
    metadata = view["private_metadata"]
    return bot.submit_view(view["callback_id"], state, user=user, metadata=metadata)


def chosen(view: dict, names: str) -> list[dict]:
    """The options of the form's leads list with these names (one a line)."""
    [block] = [b for b in view["blocks"] if b.get("block_id") == "leads"]
    options = {o["text"]["text"]: o for o in block["element"]["options"]}
    return [options[name] for name in names.splitlines() if name]


def buttons_of(reply: dict, action_id: int) -> dict[str, dict]:
    [block] = [b for b in reply["blocks"] if b.get("block_id") == f"buttons-{action_id}"]
    return {e["action_id"]: e for e in block["elements"]}


def opened_view(bot: SlackBot, count: int) -> dict:
    view = bot.slack.wait_for("views.open", count)[-1].args["view"]
    return json.loads(view) if isinstance(view, str) else view


# On a database with a pool of connections: the refused form's work (its claim) may still be
# running when the next form arrives, as it would in production.
@pytest.mark.parametrize("fresh_database", BACKENDS, indirect=True)
def test_the_update_form_checks_the_timing_then_updates_and_replaces_the_reply(
    pooled_bot: SlackBot,
) -> None:
    bot = pooled_bot
    two = _annex(bot)["2"]
    card = bot.command(f"show {two}", user="UALICE")
    press_in_reply(bot, "UALICE", buttons_of(card, two)[ACTION_UPDATE])
    view = opened_view(bot, 1)
    assert view["callback_id"] == UPDATE_MODAL
    fields = json.dumps(view["blocks"])
    assert "August 2022" in fields and "MPS" in fields  # the timing and leads as they are

    # A timing the parser cannot read is shown under the field; nothing changes.
    status, body = submit(bot, "UALICE", view, {"timing": "soonish", "leads": "MPS"})
    assert status == 200
    answer = json.loads(body)
    assert answer["response_action"] == "errors"
    assert "“soonish” is not a date or timing I understand" in answer["errors"]["timing"]

    values = {
        "status": "in-progress",
        "timing": "August 2022",
        "leads": "MPS",
        "note": "draft with legal",
    }
    assert submit(bot, "UALICE", view, values)[0] == 200
    replaced = bot.next_response()
    assert replaced["replace_original"] is True
    assert "Updated #" in bot.text(replaced) and "draft with legal" in bot.text(replaced)
    shown = bot.text(bot.command(f"show {two}"))
    assert "status: open → in-progress — draft with legal" in shown

    # The same form sent again: the action has moved on, so nothing changes twice.
    assert submit(bot, "UALICE", view, {**values, "note": "again"})[0] == 200
    stale = bot.next_response()
    assert stale["replace_original"] is False
    assert "was changed after that message was sent" in bot.text(stale)
    assert "again" not in bot.text(bot.command(f"show {two}"))


def test_a_list_carries_buttons_and_pages_with_previous_and_next(
    bot: SlackBot, annex: dict[str, int]
) -> None:
    first = bot.command("list all", user="UALICE")
    assert ACTION_DONE in buttons_of(first, first_id(first))
    [pager] = [b for b in first["blocks"] if b.get("block_id") == "list-pages"]
    [next_page] = pager["elements"]
    assert next_page["text"]["text"] == "Next"
    press_in_reply(bot, "UALICE", next_page)
    second = bot.next_response()
    assert second["replace_original"] is True
    assert "page 2 of" in bot.text(second)
    [pager] = [b for b in second["blocks"] if b.get("block_id") == "list-pages"]
    assert [e["text"]["text"] for e in pager["elements"]] == ["Previous"]  # the last page


def first_id(reply: dict) -> int:
    return next(
        int(b["block_id"].removeprefix("buttons-"))
        for b in reply["blocks"]
        if b.get("block_id", "").startswith("buttons-")
    )


def test_mark_done_on_a_list_redraws_the_list_under_what_became_of_the_action(
    bot: SlackBot, annex: dict[str, int]
) -> None:
    mine = bot.command("list mine", user="UALICE")
    assert "14 action(s) · page 1 of 2" in bot.text(mine)
    done = first_id(mine)
    press_in_reply(bot, "UALICE", buttons_of(mine, done)[ACTION_DONE])
    view = opened_view(bot, 1)
    assert submit(bot, "UALICE", view, {"note": "sent to the board"})[0] == 200
    redrawn = bot.next_response()
    assert redrawn["replace_original"] is True
    line, *rest = redrawn["blocks"]
    assert line["block_id"] == f"state-{done}"
    assert "Done, by <@UALICE>: sent to the board" in json.dumps(line)
    # The same list, as it is now: one fewer open, the done action gone from it, its buttons
    # still carrying the list so that the next form redraws it too.
    assert "13 action(s) · page 1 of 2" in bot.text({"blocks": rest})
    assert f"buttons-{done}" not in json.dumps(rest)
    nxt = buttons_of(redrawn, first_id({"blocks": rest}))[ACTION_DONE]
    assert json.loads(nxt["value"])["list"] == "open mine page:1"


def test_the_update_form_offers_the_leads_as_a_list_with_a_field_for_others(
    bot: SlackBot, annex: dict[str, int]
) -> None:
    two = annex["2"]
    card = bot.command(f"show {two}", user=SECRETARY.user_id)
    press_in_reply(bot, SECRETARY.user_id, buttons_of(card, two)[ACTION_UPDATE])
    view = opened_view(bot, 1)
    [leads] = [b for b in view["blocks"] if b.get("block_id") == "leads"]
    assert leads["element"]["type"] == "multi_static_select"
    assert [o["text"]["text"] for o in leads["element"]["initial_options"]] == ["MPS"]
    assert any(b.get("block_id") == "new_leads" for b in view["blocks"])

    # Nobody chosen and nobody typed: shown under the list, the form stays open, nothing changes.
    none = {"leads": "", "timing": "August 2022"}
    status, body = submit(bot, SECRETARY.user_id, view, none)
    assert status == 200
    answer = json.loads(body)
    assert answer["response_action"] == "errors"
    assert "needs at least one lead" in answer["errors"]["leads"]
    assert '*History*\\n25 Jul 2022 11:00 BST <@USEC> created it"' in bot.text(
        bot.command(f"show {two}")
    )

    # MPS kept, MOPAC chosen from the list, and a new lead typed beside it.
    values = {"leads": "MPS\nMOPAC", "new_leads": "Home Office", "timing": "August 2022"}
    assert submit(bot, SECRETARY.user_id, view, values)[0] == 200
    assert bot.next_response()["replace_original"] is True
    shown = bot.text(bot.command(f"show {two}"))
    assert "lead: MPS → MPS and MOPAC and Home Office" in shown
