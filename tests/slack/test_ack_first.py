"""Slack hears back at once: an acknowledgement never waits for our work or for Slack.

Slack shows the user an error when a request is not acknowledged within three seconds. Here
every listener thread is stuck (Slack's response_url, or its Web API, does not answer), and
more requests arrive than there are listener threads: each is still acknowledged, and once Slack
answers again every piece of work is done, once.
"""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from bot.slack.app import LISTENER_THREADS
from tests.conftest import BACKENDS
from tests.fakes.signing import slash_command_body

REQUESTS = 2 * LISTENER_THREADS + 8


def slack_stuck(bot: Any, method: str) -> threading.Event:
    """Slack stops answering `method` until the event returned is set."""
    answers = threading.Event()

    def stuck(args: dict[str, Any]) -> dict[str, Any]:
        answers.wait(timeout=30)
        return {"ok": True}

    bot.slack.on(method, stuck)
    return answers


@pytest.mark.parametrize("fresh_database", BACKENDS, indirect=True)
def test_commands_are_acknowledged_while_slack_does_not_answer(pooled_bot):
    bot = pooled_bot
    slack_answers = slack_stuck(bot, "response_url")
    bodies = [
        slash_command_body(
            f"add Acknowledged first {n} lead:MPS",
            user_id="USEC",
            response_url=bot.slack.response_url(f"stuck{n}"),
        )
        for n in range(REQUESTS)
    ]
    try:
        with ThreadPoolExecutor(8) as clients:
            answers = list(clients.map(bot.post, bodies))
        # Every request was acknowledged while Slack was still not answering a single reply.
        assert not slack_answers.is_set()
        assert answers == [(200, "")] * REQUESTS
    finally:
        slack_answers.set()
    replies = bot.slack.wait_for("response_url", REQUESTS, timeout=30)
    added = sorted(json.dumps(r.args) for r in replies)
    assert len(added) == REQUESTS and all("Added" in text for text in added)
    assert bot.send_command("list") == 200
    listed = bot.slack.wait_for("response_url", REQUESTS + 1)[-1].args
    assert f"{REQUESTS} action(s)" in bot.text(listed)


@pytest.mark.parametrize("fresh_database", BACKENDS, indirect=True)
def test_home_tab_events_are_acknowledged_while_slack_does_not_answer(pooled_bot):
    bot = pooled_bot
    slack_answers = slack_stuck(bot, "views.publish")
    events = [
        json.dumps(
            {
                "type": "event_callback",
                "event_id": f"Ev{n}",
                "team_id": "T1",
                "event": {"type": "app_home_opened", "user": f"U{n}", "tab": "home"},
            }
        )
        for n in range(REQUESTS)
    ]
    try:
        with ThreadPoolExecutor(8) as clients:
            answers = list(clients.map(lambda e: bot.post(e, json_body=True)[0], events))
        assert not slack_answers.is_set()
        assert answers == [200] * REQUESTS
    finally:
        slack_answers.set()
    published = bot.slack.wait_for("views.publish", REQUESTS, timeout=30)
    assert sorted(c.args["user_id"] for c in published) == sorted(f"U{n}" for n in range(REQUESTS))


def test_lists_waiting_for_slack_hold_no_turn_to_work(pooled_bot, monkeypatch):
    """Reading commands take turns for their queries, never while they wait for Slack: with
    Slack not answering, every listener thread still does its list's work (only a few at a
    time would, if a turn were held while waiting), and each then waits only to send."""
    bot = pooled_bot
    worked = []
    find = bot.services.actions.find

    def counted_find(*args: Any, **kwargs: Any) -> Any:
        page = find(*args, **kwargs)
        worked.append(1)
        return page

    monkeypatch.setattr(bot.services.actions, "find", counted_find)
    slack_answers = slack_stuck(bot, "response_url")
    bodies = [
        slash_command_body("list", user_id="USEC", response_url=bot.slack.response_url(f"l{n}"))
        for n in range(REQUESTS)
    ]
    try:
        with ThreadPoolExecutor(8) as clients:
            assert list(clients.map(lambda b: bot.post(b)[0], bodies)) == [200] * REQUESTS
        deadline = time.monotonic() + 20
        while len(worked) < LISTENER_THREADS and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(worked) == LISTENER_THREADS and not slack_answers.is_set()
    finally:
        slack_answers.set()
    assert len(bot.slack.wait_for("response_url", REQUESTS, timeout=30)) == REQUESTS
