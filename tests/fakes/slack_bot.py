"""Drive the real bolt app over loopback HTTP with signed requests, as Slack would."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlencode

from bot.config import Settings
from bot.services import Services
from bot.slack.http import build_slack_wsgi
from tests.fakes.http_app import BoltHTTP
from tests.fakes.signing import signature_headers, slash_command_body
from tests.fakes.slack_api import FakeSlack

SECRET = "test-secret"  # the signing secret of the `settings` fixture


class SlackBot:
    """Sends signed commands, interactions and events; reads what the fake Slack received."""

    def __init__(self, server: BoltHTTP, slack: FakeSlack, services: Services) -> None:
        self.server, self.slack, self.services = server, slack, services
        self._responses = 0
        self._commands = 0

    def post(
        self,
        body: str,
        *,
        secret: str = SECRET,
        timestamp: int | None = None,
        json_body: bool = False,
    ) -> tuple[int, str]:
        headers = signature_headers(secret, body, timestamp)
        if json_body:
            headers["Content-Type"] = "application/json"
        return self.server.post(body, headers)

    def interact(self, payload: dict, **kwargs: object) -> tuple[int, str]:
        return self.post(urlencode({"payload": json.dumps(payload)}), **kwargs)  # type: ignore[arg-type]

    def submit_view(
        self,
        callback_id: str,
        values: dict,
        *,
        user: str = "USEC",
        metadata: str = "",
        view_id: str = "V1",
        **kwargs: object,
    ) -> tuple[int, str]:
        """A view_submission as Slack sends it; `values` is the form's state, keyed by block_id
        and then by each element's action_id."""
        view = {
            "id": view_id,
            "type": "modal",
            "callback_id": callback_id,
            "private_metadata": metadata,
            "state": {"values": values},
        }
        payload = {"type": "view_submission", **_from(user), "trigger_id": "4.5.6", "view": view}
        return self.interact(payload, **kwargs)

    def press(
        self, pressed: dict, *, user: str = "USEC", where: dict, **kwargs: object
    ) -> tuple[int, str]:
        """A block_actions for a press of `pressed` (a button or select as the bot sent it);
        `where` holds its container and what Slack sends with it (channel, message,
        response_url). Slack stamps every press afresh, so no two are the same request."""
        action = {**pressed, "block_id": "b", "action_ts": f"{time.time():.6f}"}
        payload = {"type": "block_actions", **_from(user), "trigger_id": "7.8.9", **where}
        payload["actions"] = [action]
        return self.interact(payload, **kwargs)

    def send_command(self, text: str, user: str = "USEC", **kwargs: object) -> int:
        """Post a signed /actions and return the HTTP status only."""
        # Slack gives every command its own response_url, so no two are the same request.
        self._commands += 1
        body = slash_command_body(
            text, user_id=user, response_url=self.slack.response_url(f"cmd{self._commands}")
        )
        status, _ = self.post(body, **kwargs)  # type: ignore[arg-type]
        return status

    def command(self, text: str, user: str = "USEC") -> dict:
        """Post a signed /actions and return the reply it sent to the response URL."""
        assert self.send_command(text, user) == 200
        return self.next_response()

    def next_response(self) -> dict:
        self._responses += 1
        return self.slack.wait_for("response_url", self._responses, timeout=10)[-1].args

    def posted(self, count: int = 1) -> dict:
        return self.slack.wait_for("chat.postMessage", count)[count - 1].args

    @staticmethod
    def text(reply: dict) -> str:
        return json.dumps(reply["blocks"], ensure_ascii=False)


# Where a press on the Home tab comes from: its view, and no response_url.
HOME_TAB = {
    "container": {"type": "view", "view_id": "VHOME"},
    "view": {"id": "VHOME", "type": "home"},
}


def on_message(channel: str, message: dict, response_url: str) -> dict:
    """Where a press on a message in `channel` comes from, with that message as Slack sends it."""
    return {
        "container": {"type": "message", "message_ts": message["ts"], "channel_id": channel},
        "channel": {"id": channel},
        "message": message,
        "response_url": response_url,
    }


def button(action_id: str, value: str) -> dict:
    return {"type": "button", "action_id": action_id, "value": value}


def _from(user: str) -> dict:
    return {"team": {"id": "T1"}, "user": {"id": user}, "api_app_id": "A1"}


@contextmanager
def running_bot(
    settings: Settings, services: Services, slack: FakeSlack, bot_class: type[SlackBot] = SlackBot
) -> Iterator[SlackBot]:
    """The bot's own /slack/events (signature checks included) on loopback."""
    settings = settings.model_copy(update={"slack_hooks_url": slack.base_url + "/"})
    with BoltHTTP(build_slack_wsgi(settings, services)) as server:
        yield bot_class(server, slack, services)
