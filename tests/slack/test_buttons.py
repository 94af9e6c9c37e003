"""The buttons on a reminder: Mark done and its form, Snooze, a stale or refused press."""

from __future__ import annotations

import copy
import json
import logging
import time
from datetime import datetime

import pytest

from bot.slack.ids import ACTION_DONE, ACTION_SNOOZE, DONE_MODAL
from tests.annex_a import SECRETARY, add_annex_a
from tests.fakes.slack_bot import HOME_TAB, SlackBot, button, on_message


@pytest.fixture
def annex(bot: SlackBot) -> dict[str, int]:
    for user in ("UALICE", "UBOB", "UEVE", "USEC"):
        bot.slack.add_user(user)
    bot.services.leads.map_users(SECRETARY, "MPS", user_ids=["UALICE", "UBOB"], aliases=[])
    return add_annex_a(bot.services)


def sweep(bot: SlackBot, clock, when: str) -> None:  # type: ignore[no-untyped-def]
    clock.set(datetime.fromisoformat(when))
    bot.services.reminders.send_due()


def digests(bot: SlackBot, user: str) -> list[dict]:
    return bot.slack.messages_in("D" + user)


def element(message: dict, action_id: int, kind: str) -> dict:
    [block] = [b for b in message["blocks"] if b.get("block_id") == f"buttons-{action_id}"]
    return next(e for e in block["elements"] if e["action_id"] == kind)


def press(bot: SlackBot, user: str, message: dict, pressed: dict, channel: str) -> None:
    """A press on a bot's message in a DM."""
    where = on_message(channel, message, bot.slack.response_url("press"))
    assert bot.press(pressed, user=user, where=where)[0] == 200


def submit(bot: SlackBot, user: str, view: dict, note: str, *, timestamp: int) -> None:
    values = {"note": {"note": {"type": "plain_text_input", "value": note}}}
    metadata = view["private_metadata"]
    status, _ = bot.submit_view(
        view["callback_id"], values, user=user, metadata=metadata, timestamp=timestamp
    )
    assert status == 200


def wait_until(condition, timeout: float = 5.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


def opened_view(bot: SlackBot, count: int) -> dict:
    view = bot.slack.wait_for("views.open", count)[-1].args["view"]
    return json.loads(view) if isinstance(view, str) else view


def test_mark_done_on_a_reminder_closes_it_updates_the_message_and_stops_its_reminders(
    bot: SlackBot, annex: dict[str, int], clock, caplog
) -> None:  # type: ignore[no-untyped-def]
    two, three = annex["2"], annex["3"]
    bot.command(f"update {three} status:in-progress draft with legal", user="UALICE")
    sweep(bot, clock, "2022-08-24T09:30+01:00")
    # As it was sent: the fake updates its stored message in place, as Slack would.
    digest = copy.deepcopy(digests(bot, "UALICE")[0])
    sent = json.dumps(digest["blocks"])
    assert f"*#{two}*" in sent and "_Open_" in sent
    # Each action's status and latest note with its date, for the lead to see where it stands.
    assert "_In progress: draft with legal, 25 July 2022_" in sent

    # Someone the action does not belong to is refused privately, and no form opens.
    press(bot, "UEVE", digest, element(digest, two, ACTION_DONE), "DUALICE")
    refused = bot.next_response()
    assert refused["response_type"] == "ephemeral" and refused["replace_original"] is False
    assert "you are not mapped to that lead" in bot.text(refused)

    press(bot, "UALICE", digest, element(digest, two, ACTION_DONE), "DUALICE")
    view = opened_view(bot, 1)
    assert view["callback_id"] == DONE_MODAL and "Closing note" in json.dumps(view)
    stamp = int(time.time())
    submit(bot, "UALICE", view, "Report sent to the DMPC", timestamp=stamp)
    [update] = bot.slack.wait_for("chat.update")
    assert update.args["channel"] == "DUALICE" and update.args["ts"] == digest["ts"]
    [updated] = digests(bot, "UALICE")
    text = json.dumps(updated["blocks"])
    assert "Done, by <@UALICE>: Report sent to the DMPC" in text
    assert f"buttons-{two}" not in text  # its buttons are gone: nothing to press twice
    assert f"buttons-{annex['3']}" in text  # the other actions keep theirs
    shown = bot.text(bot.command(f"show {two}"))
    assert "status: open → done — Report sent to the DMPC" in shown

    # The same submission replayed, and a second form sent from an old copy: nothing twice.
    # (One at a time: the test's database is one connection, which two threads must not share.)
    with caplog.at_level(logging.INFO, logger="bot.slack"):
        submit(bot, "UALICE", view, "Report sent to the DMPC", timestamp=stamp)
        assert wait_until(lambda: any("repeated" in r.getMessage() for r in caplog.records))
    submit(bot, "UALICE", view, "Sent again", timestamp=stamp + 1)
    [stale] = bot.slack.wait_for("chat.postEphemeral")
    assert "was changed after that message was sent" in json.dumps(stale.args)
    assert bot.text(bot.command(f"show {two}")).count("→ done") == 1
    press(bot, "UALICE", digest, element(digest, two, ACTION_DONE), "DUALICE")
    again = bot.text(bot.next_response())
    assert "was changed after that message was sent" in again and "Done" in again
    assert len(bot.slack.called("views.open")) == 1
    assert len(bot.slack.called("chat.update")) == 1

    # The next sweep (the day before the deadline) no longer mentions it.
    sweep(bot, clock, "2022-08-30T09:30+01:00")
    latest = digests(bot, "UALICE")[-1]
    assert f"*#{two}*" not in json.dumps(latest["blocks"])
    assert f"*#{annex['3']}*" in json.dumps(latest["blocks"])


def test_snooze_one_week_stops_that_persons_reminders_for_that_action_and_no_one_elses(
    bot: SlackBot, annex: dict[str, int], clock
) -> None:  # type: ignore[no-untyped-def]
    two, three = annex["2"], annex["3"]
    sweep(bot, clock, "2022-08-17T09:30+01:00")  # two weeks before: both leads hear
    [digest] = digests(bot, "UALICE")
    select = element(digest, two, ACTION_SNOOZE)
    week = next(o for o in select["options"] if json.loads(o["value"])["for"] == "week")
    clock.set(datetime.fromisoformat("2022-08-18T10:00+01:00"))
    press(bot, "UALICE", digest, {**select, "selected_option": week}, "DUALICE")
    bot.slack.wait_for("chat.update")
    [updated] = digests(bot, "UALICE")
    assert "<@UALICE> snoozed their reminders until 25 August 2022" in json.dumps(updated["blocks"])
    # In the history, once, however often it is pressed.
    press(bot, "UALICE", digest, {**select, "selected_option": week}, "DUALICE")
    bot.slack.wait_for("chat.update", 2)
    assert bot.text(bot.command(f"show {two}")).count("snoozed their reminders until") == 1

    # A week before the deadline: Bob hears about #two, Alice about the others only.
    sweep(bot, clock, "2022-08-24T09:30+01:00")
    alice, bob = digests(bot, "UALICE")[-1], digests(bot, "UBOB")[-1]
    assert f"*#{two}*" not in json.dumps(alice["blocks"])
    assert f"*#{three}*" in json.dumps(alice["blocks"])
    assert f"*#{two}*" in json.dumps(bob["blocks"])
    # The snooze over, Alice hears the reminder she put off; Bob hears nothing twice.
    sweep(bot, clock, "2022-08-25T09:30+01:00")
    assert f"*#{two}*" in json.dumps(digests(bot, "UALICE")[-1]["blocks"])
    assert len(digests(bot, "UBOB")) == 2

    # Bob cannot snooze for Alice, nor anyone outside the action's leads.
    press(bot, "UEVE", digest, {**select, "selected_option": week}, "DUALICE")
    assert "none of yours to snooze" in bot.text(bot.next_response())


def test_a_refused_press_on_the_home_tab_is_answered_by_direct_message(
    bot: SlackBot, annex: dict[str, int]
) -> None:
    two = annex["2"]
    value = json.dumps({"id": two, "version": 1})
    status, _ = bot.press(button(ACTION_DONE, value), user="UEVE", where=HOME_TAB)
    assert status == 200
    told = bot.posted()
    assert told["channel"] == "UEVE" and "you are not mapped to that lead" in bot.text(told)
    assert bot.slack.called("views.open") == []
    assert "Open" in bot.text(bot.command(f"show {two}"))
