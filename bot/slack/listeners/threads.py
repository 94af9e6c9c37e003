"""Replies in the thread of a reminder direct message: each becomes a note on its action."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.errors import BotError
from bot.reminders.replies import Unplaced, place_reply
from bot.services import Services
from bot.slack.listeners.later import acknowledge, later

log = logging.getLogger("bot.slack")
CONFIRM_REACTION = "white_check_mark"


def is_thread_reply(event: dict[str, Any]) -> bool:
    """A person's new message in a thread of a direct message with the bot; not an edit, a
    deletion, a file share or any bot's message (the bot's own answers included)."""
    thread_ts = event.get("thread_ts")
    return (
        event.get("type") == "message"
        and event.get("channel_type") == "im"
        and "subtype" not in event
        and not event.get("bot_id")
        and isinstance(event.get("user"), str)
        and isinstance(thread_ts, str)
        and thread_ts != event.get("ts")
    )


def register(app: App, services: Services) -> None:
    def note_reply(body: dict[str, Any], client: WebClient, _respond: Respond) -> None:
        event = body.get("event") or {}
        if not is_thread_reply(event):
            log.debug("left alone a message that is no person's reply in a direct message thread")
            return
        action_ids = services.reminders.actions_of_message(event["channel"], event["thread_ts"])
        if not action_ids:
            log.debug("left alone a reply in a thread that is not under a reminder")
            return
        placed = place_reply(_unescape(str(event.get("text") or "")), action_ids)
        if isinstance(placed, Unplaced):
            _answer(client, event, placed.answer)
            return
        try:
            services.actions.update(
                services.caller(event["user"]), placed.action_id, note=placed.note
            )
        except BotError as exc:
            # In the person's own direct message with the bot: nobody else sees it.
            _answer(client, event, exc.user_message)
            return
        _confirm(client, event, placed.action_id)

    # Most direct messages are not thread replies and change nothing: their claim stays in memory.
    app.event("message")(
        ack=acknowledge,
        lazy=[
            later(
                "thread reply",
                services,
                note_reply,
                reads_only=lambda body: not is_thread_reply(body.get("event") or {}),
            )
        ],
    )


def _unescape(text: str) -> str:
    """Slack escapes &, < and > in what people type; the note keeps what they wrote."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _answer(client: WebClient, event: dict[str, Any], text: str) -> None:
    client.chat_postMessage(channel=event["channel"], thread_ts=event["thread_ts"], text=text)


def _confirm(client: WebClient, event: dict[str, Any], action_id: int) -> None:
    try:
        client.reactions_add(channel=event["channel"], timestamp=event["ts"], name=CONFIRM_REACTION)
    except SlackApiError as exc:
        # Without the reaction (no reactions:write yet, say) the person still hears it was kept.
        log.info("could not react to a thread reply: %s", exc.response.get("error"))
        _answer(client, event, f"Noted on #{action_id}.")
