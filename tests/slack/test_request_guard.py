"""Nothing acts on a request Slack did not sign: forged, stale, malformed or replayed."""

from __future__ import annotations

import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest
from pydantic import SecretStr
from sqlalchemy import func, select

from bot.models.actions import Action
from bot.models.inbound import SeenRequest
from bot.services import build_services
from bot.slack.http import build_slack_wsgi
from tests.conftest import BACKENDS
from tests.fakes.http_app import BoltHTTP
from tests.fakes.signing import signature_headers, slash_command_body
from tests.fakes.slack_bot import SECRET


def count(services, model) -> int:
    with services.sessions.begin() as session:
        return int(session.scalar(select(func.count()).select_from(model)))


def add_body(bot, text: str = "add Forged action lead:MPS", name: str = "evil") -> str:
    return slash_command_body(text, user_id="USEC", response_url=bot.slack.response_url(name))


def forged_headers(body: str) -> list[tuple[str, dict[str, str]]]:
    now = int(time.time())
    good = signature_headers(SECRET, body, now)
    sig, ts = good["X-Slack-Signature"], good["X-Slack-Request-Timestamp"]
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    return [
        ("timestamp abc", {**good, "X-Slack-Request-Timestamp": "abc"}),
        ("empty timestamp", {**good, "X-Slack-Request-Timestamp": ""}),
        ("no timestamp", {**form, "X-Slack-Signature": sig}),
        ("no signature", {**form, "X-Slack-Request-Timestamp": ts}),
        ("no headers", form),
        ("huge timestamp", {**good, "X-Slack-Request-Timestamp": "9" * 40}),
        ("negative timestamp", {**good, "X-Slack-Request-Timestamp": "-1"}),
        ("fractional timestamp", {**good, "X-Slack-Request-Timestamp": f"{now}.5"}),
        ("hexadecimal timestamp", {**good, "X-Slack-Request-Timestamp": hex(now)}),
        ("timestamp with letters", {**good, "X-Slack-Request-Timestamp": f"{now}s"}),
        ("stale by 301 s", signature_headers(SECRET, body, now - 301)),
        # Stale ones only grow staler while the cases are sent; a future one nears the window,
        # so it keeps a margin for the seconds the cases take.
        ("future by 330 s", signature_headers(SECRET, body, now + 330)),
        ("an hour old", signature_headers(SECRET, body, now - 3600)),
        ("wrong secret", signature_headers("not-the-secret", body, now)),
        ("no v0= prefix", {**good, "X-Slack-Signature": sig.removeprefix("v0=")}),
        ("v1 scheme", {**good, "X-Slack-Signature": "v1=" + sig[3:]}),
        ("not hex", {**good, "X-Slack-Signature": "v0=" + "zz" * 32}),
        ("truncated", {**good, "X-Slack-Signature": sig[:-2]}),
        ("upper case", {**good, "X-Slack-Signature": "v0=" + sig[3:].upper()}),
        ("empty signature", {**good, "X-Slack-Signature": ""}),
        (
            "another request's signature",
            {
                **good,
                "X-Slack-Signature": signature_headers(SECRET, body + "&x=1", now)[
                    "X-Slack-Signature"
                ],
            },
        ),
        ("timestamp swapped after signing", {**good, "X-Slack-Request-Timestamp": str(now - 1)}),
    ]


def test_every_forged_or_stale_signature_is_refused_before_anything_runs(bot, services, caplog):
    body = add_body(bot)
    cases = forged_headers(body) + [
        ("body altered after signing", signature_headers(SECRET, body.replace("Forged", "Other"))),
    ]
    for name, headers in cases:
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            status, text = bot.server.post(body, headers)
        assert status == 401, name
        assert text == "Invalid request signature.", name
        warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
        assert len(warnings) == 1 and warnings[0].levelno == logging.WARNING, name
        assert not any(r.exc_info for r in caplog.records), name
    time.sleep(0.2)  # anything posted in the background would have arrived by now
    assert bot.slack.calls == []
    assert count(services, Action) == 0 and count(services, SeenRequest) == 0
    assert len(cases) == 23


def test_a_response_url_off_slacks_hooks_host_is_refused(bot, services, caplog):
    body = slash_command_body(
        "add Sent elsewhere lead:MPS", user_id="USEC", response_url="http://127.0.0.1:9/steal"
    )
    with caplog.at_level(logging.WARNING):
        status, text = bot.post(body)
    assert status == 400 and "SLACK_HOOKS_URL" in text
    assert bot.slack.calls == [] and count(services, Action) == 0
    assert [r.levelname for r in caplog.records if r.name.startswith("bot")] == ["WARNING"]


def repeats_seen(caplog: pytest.LogCaptureFixture, count: int) -> bool:
    """Wait until the work of `count` repeated deliveries has been turned away."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if sum("repeated delivery" in r.getMessage() for r in caplog.records) >= count:
            return True
        time.sleep(0.01)
    return False


@pytest.mark.parametrize("fresh_database", BACKENDS, indirect=True)
def test_a_replayed_command_is_answered_once(pooled_bot, caplog):
    bot = pooled_bot
    body = add_body(bot, "add Replayed once lead:MPS", "replay")
    headers = signature_headers(SECRET, body)
    assert bot.server.post(body, headers)[0] == 200
    bot.slack.wait_for("response_url", 1)
    with caplog.at_level(logging.INFO, logger="bot.slack"):
        assert [bot.server.post(body, headers) for _ in range(2)] == [(200, ""), (200, "")]
        assert repeats_seen(caplog, 2)
    assert len(bot.slack.called("response_url")) == 1
    assert count(bot.services, Action) == 1


def test_a_replayed_list_is_answered_once_without_a_claim_in_the_database(pooled_bot, caplog):
    bot = pooled_bot
    body = add_body(bot, "list", "replayed-list")
    headers = signature_headers(SECRET, body)
    with caplog.at_level(logging.INFO, logger="bot.slack"):
        assert [bot.server.post(body, headers)[0] for _ in range(3)] == [200] * 3
        assert repeats_seen(caplog, 2)
    assert len(bot.slack.wait_for("response_url", 1)) == 1
    assert count(bot.services, SeenRequest) == 0


@pytest.mark.parametrize("fresh_database", BACKENDS, indirect=True)
def test_a_retried_event_is_handled_once(pooled_bot, caplog):
    bot = pooled_bot
    caplog.set_level(logging.INFO, logger="bot.slack")
    event = {
        "token": "legacy",
        "team_id": "T1",
        "api_app_id": "A1",
        "type": "event_callback",
        "event_id": "Ev42",
        "event_time": 1,
        "event": {"type": "app_home_opened", "user": "USEC", "tab": "home"},
    }
    for retry in range(3):
        body = json.dumps(event)
        headers = signature_headers(SECRET, body, int(time.time()) - retry)
        headers["Content-Type"] = "application/json"
        if retry:
            headers["X-Slack-Retry-Num"] = str(retry)
            headers["X-Slack-Retry-Reason"] = "http_timeout"
        assert bot.server.post(body, headers)[0] == 200
        bot.slack.wait_for("views.publish", 1)
    assert repeats_seen(caplog, 2)
    assert len(bot.slack.called("views.publish")) == 1


def interaction(payload: object) -> str:
    return urlencode({"payload": payload if isinstance(payload, str) else json.dumps(payload)})


@pytest.mark.parametrize(
    ("name", "body", "json_body"),
    [
        ("bad JSON in payload", interaction("{not json"), False),
        ("payload not an object", interaction("[1, 2]"), False),
        ("payload without a user", interaction({"type": "block_actions", "actions": []}), False),
        ("form body labelled JSON", "command=%2Factions&text=list", True),
        ("JSON body labelled form", json.dumps({"type": "event_callback"}), False),
        ("JSON without a type", json.dumps({"event": {}}), True),
        ("command without user_id", "command=%2Factions&text=list&response_url=x", False),
        ("empty body", "", False),
        ("neither command nor payload", "hello=world", False),
    ],
)
def test_malformed_signed_payloads_get_400_not_500(bot, services, caplog, name, body, json_body):
    with caplog.at_level(logging.WARNING):
        status, text = bot.post(body, json_body=json_body)
    assert status == 400 and text.startswith("Bad request:"), name
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], name
    assert bot.slack.calls == [] and count(services, Action) == 0


def test_an_unknown_button_gets_a_clear_private_answer(bot):
    payload = {
        "type": "block_actions",
        "team": {"id": "T1"},
        "user": {"id": "USEC"},
        "api_app_id": "A1",
        "trigger_id": "7.8.9",
        "response_url": bot.slack.response_url("old"),
        "actions": [
            {
                "type": "button",
                "action_id": "retired.button",
                "block_id": "b",
                "value": "1",
                "action_ts": "1.2",
            }
        ],
    }
    assert bot.interact(payload)[0] == 200
    reply = bot.slack.wait_for("response_url", 1)[0].args
    assert "no longer supported" in json.dumps(reply)


def test_unknown_forms_and_events_are_acknowledged(bot):
    form = {
        "type": "view_submission",
        "team": {"id": "T1"},
        "user": {"id": "USEC"},
        "view": {
            "id": "V1",
            "type": "modal",
            "callback_id": "retired.form",
            "state": {"values": {}},
        },
    }
    assert bot.interact(form)[0] == 200
    event = json.dumps(
        {
            "type": "event_callback",
            "event_id": "Ev7",
            "team_id": "T1",
            "event": {"type": "reaction_added", "user": "USEC"},
        }
    )
    assert bot.post(event, json_body=True)[0] == 200


@pytest.mark.parametrize("fresh_database", BACKENDS, indirect=True)
def test_a_request_delivered_to_two_processes_at_once_is_handled_once(
    settings, slack, fresh_database, caplog
):
    caplog.set_level(logging.INFO, logger="bot.slack")
    settings = settings.model_copy(
        update={
            "slack_api_url": slack.api_url,
            "slack_hooks_url": slack.base_url + "/",
            "database_url": SecretStr(fresh_database.url),
        }
    )
    first, second = (build_services(settings, migrate=index == 0) for index in range(2))
    body = slash_command_body(
        "add Delivered twenty times lead:MPS",
        user_id="USEC",
        response_url=slack.response_url("dup"),
    )
    headers = signature_headers(SECRET, body)
    with (
        BoltHTTP(build_slack_wsgi(settings, first)) as one,
        BoltHTTP(build_slack_wsgi(settings, second)) as two,
        ThreadPoolExecutor(20) as pool,
    ):
        answers = list(pool.map(lambda n: (one, two)[n % 2].post(body, headers), range(20)))
    assert [status for status, _ in answers] == [200] * 20
    slack.wait_for("response_url", 1)
    assert repeats_seen(caplog, 19)
    assert len(slack.called("response_url")) == 1
    assert count(first, Action) == 1
    for services in (first, second):
        services.engine.dispose()
