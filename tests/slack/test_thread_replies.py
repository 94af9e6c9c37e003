"""A lead's reply in the thread under a reminder direct message becomes a note on its action."""

from __future__ import annotations

import json
import logging
import time
from datetime import datetime
from itertools import count

import pytest

from bot.actions.service import NewAction
from bot.leads.service import LeadRef
from tests.annex_a import SECRETARY, add_annex_a
from tests.conftest import BACKENDS
from tests.fakes.signing import signature_headers
from tests.fakes.slack_bot import SECRET

_event_ids = count(1)
LEFT_ALONE = "left alone a"


def send_reminders(bot, clock, *, when: str = "2022-08-24T09:30:00+01:00") -> dict:
    """Run a sweep; the reminder direct message it posted to U1."""
    clock.set(datetime.fromisoformat(when))
    bot.services.reminders.send_due()
    [message] = bot.slack.messages_in("DU1")
    return message


def reply(
    bot,
    text: str,
    *,
    thread_ts: str,
    user: str = "U1",
    channel: str = "DU1",
    event_id: str | None = None,
    retry: int = 0,
    **extra: object,
) -> None:
    event = {
        "type": "message",
        "channel": channel,
        "channel_type": "im",
        "user": user,
        "text": text,
        "ts": f"{time.time():.6f}",
        "thread_ts": thread_ts,
        **extra,
    }
    body = json.dumps(
        {
            "type": "event_callback",
            "team_id": "T1",
            "api_app_id": "A1",
            "event_id": event_id or f"EvR{next(_event_ids)}",
            "event_time": 1,
            "event": event,
        }
    )
    headers = signature_headers(SECRET, body)
    headers["Content-Type"] = "application/json"
    if retry:
        headers["X-Slack-Retry-Num"] = str(retry)
        headers["X-Slack-Retry-Reason"] = "http_timeout"
    assert bot.server.post(body, headers)[0] == 200


def thread_answers(bot, thread_ts: str) -> list[str]:
    return [
        str(call.args.get("text"))
        for call in bot.slack.called("chat.postMessage")
        if call.args.get("thread_ts") == thread_ts
    ]


def history_of(bot, action_id: int) -> str:
    return bot.text(bot.command(f"show {action_id}"))


def wait_for_log(caplog, words: str, count: int) -> None:
    """Wait until `count` log lines say `words`: the listeners' work is done."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if sum(words in r.getMessage() for r in caplog.records) >= count:
            return
        time.sleep(0.01)
    raise AssertionError(f"expected {count} log line(s) saying {words!r}")


@pytest.fixture
def single(bot):
    return add_single(bot)


def add_single(bot) -> int:
    """One action of MPS's, whose lead is U1."""
    bot.slack.add_user("U1")
    bot.services.leads.map_users(SECRETARY, "MPS", user_ids=["U1"], aliases=[])
    added = bot.services.actions.add(
        SECRETARY, NewAction("Send the SSO report", [LeadRef(name="MPS")], "August 2022")
    )
    return added.action.id


def test_a_reply_under_a_single_action_reminder_becomes_a_note(bot, clock, single):
    reminder = send_reminders(bot, clock)
    # The reminder itself says so: a lead need not know the command.
    assert "A reply in this message's thread becomes a note" in json.dumps(reminder)
    reply(bot, "Briefing drafted, with the AC for sign-off", thread_ts=reminder["ts"])
    [reaction] = bot.slack.wait_for("reactions.add", 1)
    assert reaction.args["channel"] == "DU1" and reaction.args["name"] == "white_check_mark"
    card = history_of(bot, single)
    assert "Briefing drafted, with the AC for sign-off" in card
    assert thread_answers(bot, reminder["ts"]) == []


def test_a_reply_is_confirmed_in_the_thread_when_the_reaction_is_refused(bot, clock, single):
    reminder = send_reminders(bot, clock)
    bot.slack.fail_next("reactions.add", 200, "missing_scope")
    reply(bot, "Sent to the DMPC & the AC <today>", thread_ts=reminder["ts"])
    bot.slack.wait_for("chat.postMessage", 2)
    assert thread_answers(bot, reminder["ts"]) == [f"Noted on #{single}."]
    assert "Sent to the DMPC &amp; the AC &lt;today&gt;" in history_of(bot, single)


def test_a_reply_naming_an_action_of_a_digest_notes_that_action_only(bot, clock):
    bot.slack.add_user("U1")
    bot.services.leads.map_users(SECRETARY, "MPS", user_ids=["U1"], aliases=[])
    annex = add_annex_a(bot.services)
    reminder = send_reminders(bot, clock)
    reply(bot, f"#{annex['3']} list of schools sent to the DMPC", thread_ts=reminder["ts"])
    bot.slack.wait_for("reactions.add", 1)
    assert "list of schools sent to the DMPC" in history_of(bot, annex["3"])
    assert "list of schools sent" not in history_of(bot, annex["2"])


def test_a_reply_the_bot_cannot_place_gets_the_how_to_and_changes_nothing(bot, clock):
    bot.slack.add_user("U1")
    bot.services.leads.map_users(SECRETARY, "MPS", user_ids=["U1"], aliases=[])
    annex = add_annex_a(bot.services)
    reminder = send_reminders(bot, clock)
    before = {number: history_of(bot, annex[number]) for number in ("2", "3")}
    reply(bot, "All in hand, briefing next week", thread_ts=reminder["ts"])
    bot.slack.wait_for("chat.postMessage", 2)
    [answer] = thread_answers(bot, reminder["ts"])
    assert f"#{annex['2']}, #{annex['3']}" in answer
    assert "Start your reply with the action's number" in answer
    assert f"`#{annex['2']} Briefing drafted" in answer
    reply(bot, f"#{annex['1']} evaluation shared", thread_ts=reminder["ts"])  # due in October
    bot.slack.wait_for("chat.postMessage", 3)
    assert f"#{annex['1']} is not in this reminder" in thread_answers(bot, reminder["ts"])[1]
    assert {number: history_of(bot, annex[number]) for number in ("2", "3")} == before
    assert "evaluation shared" not in history_of(bot, annex["1"])
    assert bot.slack.called("reactions.add") == []


# Deliveries whose work runs at the same time need a database with a connection pool.
@pytest.mark.parametrize("fresh_database", BACKENDS, indirect=True)
def test_a_retried_event_adds_the_note_once(pooled_bot, clock, caplog):
    bot = pooled_bot
    single = add_single(bot)
    caplog.set_level(logging.INFO, logger="bot.slack")
    reminder = send_reminders(bot, clock)
    for retry in range(3):
        reply(bot, "Chased legal again", thread_ts=reminder["ts"], event_id="EvSame", retry=retry)
    bot.slack.wait_for("reactions.add", 1)
    wait_for_log(caplog, "repeated delivery", 2)
    assert history_of(bot, single).count("Chased legal again") == 1
    assert len(bot.slack.called("reactions.add")) == 1


@pytest.mark.parametrize("fresh_database", BACKENDS, indirect=True)
def test_bot_messages_edits_and_other_threads_are_left_alone(pooled_bot, clock, caplog):
    bot = pooled_bot
    single = add_single(bot)
    caplog.set_level(logging.DEBUG, logger="bot.slack")
    reminder = send_reminders(bot, clock)
    thread = reminder["ts"]
    reply(bot, "Noted on #1.", thread_ts=thread, user="UBOT", bot_id="BBOT")
    reply(bot, "edited note", thread_ts=thread, subtype="message_changed")
    reply(bot, "not in a thread", thread_ts=None)
    reply(bot, "under something else", thread_ts="1.000001")
    reply(bot, "in a channel", thread_ts=thread, channel="C1", channel_type="channel")
    wait_for_log(caplog, LEFT_ALONE, 5)
    assert bot.slack.called("reactions.add") == []
    assert thread_answers(bot, thread) == []
    card = history_of(bot, single)
    assert "edited note" not in card and "under something else" not in card


def test_a_reply_from_someone_no_longer_a_lead_is_refused_privately(bot, clock, single):
    reminder = send_reminders(bot, clock)
    # Since the reminder, the action has passed to MOPAC, whose people U1 is not one of.
    bot.services.leads.map_users(SECRETARY, "MOPAC", user_ids=["U2"], aliases=[])
    bot.services.actions.update(SECRETARY, single, leads=[LeadRef(name="MOPAC")])
    before = history_of(bot, single)
    reply(bot, "I think this is done", thread_ts=reminder["ts"])
    bot.slack.wait_for("chat.postMessage", 2)
    [answer] = [c for c in bot.slack.called("chat.postMessage") if c.args.get("thread_ts")]
    assert answer.args["channel"] == "DU1"  # in U1's own direct message with the bot
    assert "you are not mapped to that lead" in str(answer.args["text"])
    assert history_of(bot, single) == before
    assert bot.slack.called("reactions.add") == []


def test_a_reply_under_a_secretarys_nudge_becomes_a_note(bot, single):
    assert "Reminder sent" in bot.text(bot.command(f"remind {single}"))
    [nudge] = bot.slack.messages_in("DU1")
    reply(bot, "On it: draft with legal", thread_ts=nudge["ts"])
    bot.slack.wait_for("reactions.add", 1)
    assert "On it: draft with legal" in history_of(bot, single)
