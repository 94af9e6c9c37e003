"""Requests no other listener takes: an old button or form, or an event the bot does not use.

Registered last. A button or form from an older version of the bot gets a clear private
answer; an event is acknowledged so that Slack does not retry it.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.commands.replies import Notice
from bot.services import Services
from bot.slack.blocks.replies import build_reply
from bot.slack.listeners.later import acknowledge, later

log = logging.getLogger("bot.slack")
ANY = re.compile(".*")
NO_LONGER = (
    "This button is no longer supported, so nothing was changed. Use `/actions help` "
    "to see what you can do now."
)


def register(app: App, services: Services) -> None:
    def answer_unknown_button(body: dict[str, Any], _client: WebClient, respond: Respond) -> None:
        action = (body.get("actions") or [{}])[0]
        log.info("pressed an unknown button %r", str(action.get("action_id"))[:80])
        respond(
            response_type="ephemeral",
            replace_original=False,
            **build_reply(Notice(NO_LONGER, error=True)),
        )

    # The answer changes nothing: its claim need not be a database write.
    app.action(ANY)(
        ack=acknowledge,
        lazy=[later("button", services, answer_unknown_button, reads_only=lambda body: True)],
    )

    @app.view(ANY)
    def handle_unknown_form(ack: Ack, view: dict[str, Any]) -> None:
        # Closing the form is all that can be done: it has no field to show an error next to.
        log.info("submitted an unknown form %r", str(view.get("callback_id"))[:80])
        ack()

    @app.event(ANY)
    def handle_other_event(event: dict[str, Any]) -> None:
        log.debug("ignored a %s event", event.get("type"))
