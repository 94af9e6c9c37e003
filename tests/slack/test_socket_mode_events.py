"""In Socket Mode there are no signatures, but a retried event is still handled once."""

from __future__ import annotations

import json

from pydantic import SecretStr
from slack_bolt.request import BoltRequest

from bot.slack.app import build_app
from bot.slack.client import build_client


def test_a_retried_event_is_handled_once_in_socket_mode(settings, services, slack):
    settings = settings.model_copy(
        update={
            "slack_api_url": slack.api_url,
            "slack_signing_secret": None,
            "slack_app_token": SecretStr("xapp-test"),
        }
    )
    app = build_app(settings, services, client=build_client(settings))
    event = {
        "token": "legacy",
        "team_id": "T1",
        "api_app_id": "A1",
        "type": "event_callback",
        "event_id": "EvSocket1",
        "event_time": 1,
        "event": {"type": "app_home_opened", "user": "USEC", "tab": "home"},
    }
    for retry in range(3):
        request = BoltRequest(
            body=json.dumps(event),
            mode="socket_mode",
            headers={"x-slack-retry-num": [str(retry)]} if retry else {},
        )
        assert app.dispatch(request).status == 200
        slack.wait_for("views.publish", 1)
    assert len(slack.called("views.publish")) == 1
