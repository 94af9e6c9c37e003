"""Each action's buttons: Mark done and Update open their forms; Snooze and Show act at once."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import App, Respond
from slack_sdk import WebClient

from bot.commands import Context
from bot.commands.execute import execute
from bot.commands.replies import ActionCard, Notice, Reply
from bot.errors import BotError, Conflict
from bot.services import Services
from bot.slack.blocks.action_forms import build_done_modal, build_update_modal
from bot.slack.blocks.buttons import read_page, read_value
from bot.slack.blocks.replies import build_reply
from bot.slack.blocks.text import user
from bot.slack.ids import ACTION_DONE, ACTION_SHOW, ACTION_SNOOZE, ACTION_UPDATE, LIST_PAGE
from bot.slack.listeners.choices import lead_choices
from bot.slack.listeners.later import acknowledge, later
from bot.slack.listeners.pressed import origin_of, refusal, show_state

NO_ACTION = "This button names no action, so nothing was changed. Use `/actions list` to find it."


def register(app: App, services: Services) -> None:
    def open_form(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        pressed = body["actions"][0]
        closing = pressed["action_id"] == ACTION_DONE
        try:
            action_id, version, _ = read_value(pressed.get("value") or "")
        except ValueError:
            _private(body, client, respond, Notice(NO_ACTION, error=True))
            return
        caller = services.caller(body["user"]["id"])
        try:
            action = services.presses.check(caller, action_id, version, closing=closing)
        except BotError as error:
            _private(body, client, respond, _refused(services, error, action_id))
            return
        origin = origin_of(body, action_id, action.version)
        if closing:
            view = build_done_modal(action, origin)
        else:
            view = build_update_modal(action, origin, lead_choices(services))
        client.views_open(trigger_id=body["trigger_id"], view=view)

    def snooze(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        option = body["actions"][0].get("selected_option") or {}
        presser = body["user"]["id"]
        try:
            action_id, version, choice = read_value(option.get("value") or "")
        except ValueError:
            _private(body, client, respond, Notice(NO_ACTION, error=True))
            return
        try:
            snoozed = services.snoozes.snooze(presser, action_id, version, choice or "")
        except BotError as error:
            _private(body, client, respond, _refused(services, error, action_id))
            return
        action = services.actions.get(action_id)
        line = f":zzz: {user(presser)} snoozed their reminders until {snoozed.until_text}"
        card = ActionCard(f"Snoozed until {snoozed.until_text}", action, services.actions.today())
        message = body.get("message") or {}
        show_state(
            client,
            origin_of(body, action_id, action.version),
            line,
            action,
            card,
            blocks=message.get("blocks"),
            text=str(message.get("text") or ""),
        )

    def show(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        try:
            action_id, _, _ = read_value(body["actions"][0].get("value") or "")
        except ValueError:
            _private(body, client, respond, Notice(NO_ACTION, error=True))
            return
        reply = execute(f"show {action_id}", Context(body["user"]["id"], services))
        respond(response_type="ephemeral", replace_original=False, **build_reply(reply))

    def turn_page(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        try:
            filters, page = read_page(body["actions"][0].get("value") or "")
        except ValueError:
            _private(
                body,
                client,
                respond,
                Notice("This button names no page. Use `/actions list`.", error=True),
            )
            return
        # The list as the presser may see it now, in place of the page they were reading.
        reply = execute(f"list {filters} page:{page}", Context(body["user"]["id"], services))
        respond(response_type="ephemeral", replace_original=True, **build_reply(reply))

    app.action(ACTION_DONE)(ack=acknowledge, lazy=[later("mark done", services, open_form)])
    app.action(ACTION_UPDATE)(ack=acknowledge, lazy=[later("update", services, open_form)])
    app.action(ACTION_SNOOZE)(ack=acknowledge, lazy=[later("snooze", services, snooze)])
    app.action(ACTION_SHOW)(
        ack=acknowledge, lazy=[later("show", services, show, reads_only=_reads)]
    )
    app.action(re.compile(rf"^{re.escape(LIST_PAGE)}\.(previous|next)$"))(
        ack=acknowledge, lazy=[later("list page", services, turn_page, reads_only=_reads)]
    )


def _reads(_body: dict[str, Any]) -> bool:
    return True


def _refused(services: Services, error: BotError, action_id: int) -> Reply:
    """The refusal; for a stale press, with the action as it is now."""
    if not isinstance(error, Conflict):
        return Notice(error.user_message, error=True)
    try:
        action = services.actions.get(action_id)
    except BotError:
        action = None
    return refusal(error.user_message, action, services.actions.today())


def _private(body: dict[str, Any], client: WebClient, respond: Respond, reply: Reply) -> None:
    """Only to the presser: beside the message, or by direct message from the Home tab (a view
    has no response_url)."""
    if body.get("response_url"):
        respond(response_type="ephemeral", replace_original=False, **build_reply(reply))
    else:
        client.chat_postMessage(channel=body["user"]["id"], **build_reply(reply))
