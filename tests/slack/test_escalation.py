"""The secretary's escalation: its own message, with who was reminded and when, the latest
update, and the buttons Remind again and Show."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from bot.actions.service import NewAction
from bot.leads.service import LeadRef
from bot.reminders.digest import Digest, DigestItem
from bot.slack.blocks.escalation import build_messages
from tests.annex_a import SECRETARY
from tests.fakes.slack_bot import button, on_message

LEAD = "U0ALICE"


def at(clock, moment: str) -> None:
    clock.set(datetime.fromisoformat(moment))


@pytest.fixture
def escalated(bot, clock) -> tuple[int, dict]:
    """An action of MPS (LEAD), reminded, noted by its lead, then escalated to the secretary."""
    for user in (LEAD, "USEC"):
        bot.slack.add_user(user)
    services = bot.services
    services.leads.map_users(SECRETARY, "MPS", user_ids=[LEAD], aliases=[])
    action_id = services.actions.add(
        SECRETARY, NewAction("Send the SSO report", [LeadRef(name="MPS")], "August 2022")
    ).action.id
    for moment in ("2022-08-24T09:30:00+01:00", "2022-08-31T09:30:00+01:00"):
        at(clock, moment)
        services.reminders.send_due()
    at(clock, "2022-09-05T15:00:00+01:00")
    services.actions.update(services.caller(LEAD), action_id, note="Draft with legal")
    at(clock, "2022-09-14T09:30:00+01:00")
    services.reminders.send_due()
    [message] = bot.slack.messages_in("DUSEC")
    return action_id, message


def blocks_of(bot, channel: str, index: int = -1) -> dict:
    posts = [c for c in bot.slack.called("chat.postMessage") if bot.slack.landed_in(c) == channel]
    return posts[index].args


def test_the_escalation_says_who_was_reminded_when_and_the_latest_update(bot, escalated):
    action_id, _ = escalated
    posted = blocks_of(bot, "DUSEC")
    text = bot.text(posted)
    assert "Long overdue: the leads have been reminded" in text
    assert f"*#{action_id}* · overdue by 14 days · 31 August 2022" in text
    assert "Reminded: <@U0ALICE> (last 14 September 2022, 3 reminders)" in text
    assert "Latest update 5 September 2022 by <@U0ALICE>: Draft with legal" in text
    # The secretary's message is not a lead's reminder: no "update it with" footer or hint.
    assert "Update an action with" not in text and "/actions update" not in text
    [buttons] = [b for b in posted["blocks"] if b["type"] == "actions"]
    assert [(e["action_id"], e["text"]["text"]) for e in buttons["elements"]] == [
        ("escalation.remind", "Remind again"),
        ("action.show", "Show"),
    ]
    value = json.loads(buttons["elements"][0]["value"])
    assert value == {"id": action_id, "version": value["version"]} and value["version"] >= 1
    assert posted["text"] == f"Long overdue: #{action_id}"


def press_remind_again(bot, message: dict, user: str, value: str) -> None:
    posted = blocks_of(bot, "DUSEC")
    shown = {"ts": message["ts"], "text": posted["text"], "blocks": posted["blocks"]}
    where = on_message("DUSEC", shown, bot.slack.response_url("escalation"))
    status, _ = bot.press(button("escalation.remind", value), user=user, where=where)
    assert status == 200


def test_remind_again_reminds_the_lead_now_and_says_so_on_the_escalation(bot, escalated):
    action_id, message = escalated
    reminders_before = len(bot.slack.messages_in("D" + LEAD))
    press_remind_again(bot, message, "USEC", json.dumps({"id": action_id, "version": 2}))
    [update] = bot.slack.wait_for("chat.update", 1)
    assert update.args["channel"] == "DUSEC" and update.args["ts"] == message["ts"]
    text = json.dumps(update.args["blocks"])
    assert "<@USEC> reminded <@U0ALICE> again on 14 September 2022." in text
    assert "Reminded: <@U0ALICE> (last 14 September 2022, 3 reminders)" in text  # kept below it
    assert "Remind again" in text and "Latest update 5 September 2022" in text
    nudges = bot.slack.messages_in("D" + LEAD)[reminders_before:]
    assert len(nudges) == 1 and "A reminder about #" in str(nudges[0]["text"])
    history = bot.text(bot.command(f"show {action_id}"))
    assert "<@USEC> reminded <@U0ALICE>" in history


def test_remind_again_by_someone_who_is_not_a_secretary_is_refused_privately(bot, escalated):
    action_id, message = escalated
    reminders_before = len(bot.slack.messages_in("D" + LEAD))
    press_remind_again(bot, message, LEAD, json.dumps({"id": action_id, "version": 2}))
    reply = bot.slack.wait_for("response_url", 1)[0].args
    assert reply["response_type"] == "ephemeral" and reply["replace_original"] is False
    assert "Only a board secretary can send a reminder" in json.dumps(reply["blocks"])
    assert bot.slack.called("chat.update") == []
    assert len(bot.slack.messages_in("D" + LEAD)) == reminders_before


def test_remind_again_with_a_broken_value_changes_nothing(bot, escalated):
    _, message = escalated
    reminders_before = len(bot.slack.messages_in("D" + LEAD))
    press_remind_again(bot, message, "USEC", "not json")
    reply = bot.slack.wait_for("response_url", 1)[0].args
    assert "names no action" in json.dumps(reply["blocks"])
    assert bot.slack.called("chat.update") == []
    assert len(bot.slack.messages_in("D" + LEAD)) == reminders_before


def test_escalations_leave_a_digests_other_items_as_they_were() -> None:
    def item(number: int, kind: str) -> DigestItem:
        return DigestItem(number, number, "Provide the report.", None, -20, "", "MPS", kind=kind)

    items = tuple(item(n, "escalation") for n in range(1, 31)) + (item(99, "unreachable"),)
    messages = build_messages(Digest("USEC", datetime(2022, 9, 14).date(), items))
    assert "Leads who could not be reached" in json.dumps(messages[0].blocks)
    assert messages[0].delivery_ids == (99,)
    assert sorted(i for m in messages[1:] for i in m.delivery_ids) == list(range(1, 31))
    assert all(len(m.blocks) <= 50 for m in messages)
    assert "(1 of 3)" in json.dumps(messages[1].blocks)
