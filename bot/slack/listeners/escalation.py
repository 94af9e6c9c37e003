"""The Remind again button on a secretary's escalation: /actions remind, pressed."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import App, Respond
from slack_sdk import WebClient

from bot.commands.replies import Notice
from bot.errors import BotError
from bot.services import Services
from bot.slack.blocks.escalation import mark_reminded_again
from bot.slack.blocks.replies import build_reply
from bot.slack.ids import ESCALATION_REMIND
from bot.slack.listeners.later import acknowledge, later
from bot.timing import format_date

NO_ACTION = "This button names no action, so nobody was reminded. Use `/actions remind <id>`."


def action_of(body: dict[str, Any]) -> int | None:
    """The action id in a pressed button's value, JSON {"id": …, "version": …}."""
    raw = str((body.get("actions") or [{}])[0].get("value", ""))
    try:
        value = json.loads(raw)
    except ValueError:
        return None
    found = value.get("id") if isinstance(value, dict) else None
    return found if isinstance(found, int) and not isinstance(found, bool) and found > 0 else None


def register(app: App, services: Services) -> None:
    def remind_again(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        presser = body["user"]["id"]
        action_id = action_of(body)
        if action_id is None:
            respond(
                response_type="ephemeral",
                replace_original=False,
                **build_reply(Notice(NO_ACTION, error=True)),
            )
            return
        try:
            # The same service call as /actions remind: rights, history and delivery alike.
            result = services.reminders.nudge(services.caller(presser), action_id, None)
        except BotError as exc:
            respond(
                response_type="ephemeral",
                replace_original=False,
                **build_reply(Notice(exc.user_message, error=True)),
            )
            return
        message = body.get("message") or {}
        container = body.get("container") or {}
        blocks = mark_reminded_again(
            list(message.get("blocks") or []),
            action_id,
            by=presser,
            reached=result.reached,
            on=format_date(services.actions.today()),
        )
        client.chat_update(
            channel=container.get("channel_id") or body["channel"]["id"],
            ts=container.get("message_ts") or message["ts"],
            text=str(message.get("text") or f"Long overdue: #{action_id}"),
            blocks=blocks,
        )

    app.action(ESCALATION_REMIND)(
        ack=acknowledge, lazy=[later("escalation remind", services, remind_again)]
    )
