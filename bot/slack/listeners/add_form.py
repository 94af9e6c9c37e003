"""The add form: opened by `/actions add` alone, the Add action button and the message
shortcut; submitted through the same path as `/actions add` and confirmed by direct message."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.commands import Context
from bot.commands.adding import run_add
from bot.commands.execute import execute
from bot.commands.replies import Notice, OpenAddForm, Reply
from bot.errors import BotError
from bot.services import Services
from bot.slack.blocks.add_form import DESCRIPTION_LIMIT, build_add_modal
from bot.slack.blocks.replies import build_reply
from bot.slack.ids import ACTION_ADD, ACTION_FROM_MESSAGE, ADD_MODAL, IMPORT_OPEN
from bot.slack.listeners.add_values import add_form_errors, new_action, read_add_form
from bot.slack.listeners.choices import board_choices, lead_choices
from bot.slack.listeners.imports import open_import_form
from bot.slack.listeners.later import Work, acknowledge, later

log = logging.getLogger("bot.slack")
_BOARD_ID = re.compile(r"\d{1,9}")


def open_add_form(
    client: WebClient,
    services: Services,
    trigger_id: str,
    *,
    board: str | None = None,
    description: str | None = None,
) -> None:
    """The form, opened at once: a trigger_id is good for three seconds."""
    view = build_add_modal(
        boards=board_choices(services),
        leads=lead_choices(services),
        board=board,
        description=description,
    )
    client.views_open(trigger_id=trigger_id, view=view)


def register(app: App, services: Services) -> None:
    def check_add_form(ack: Ack, view: dict[str, Any]) -> None:
        errors = add_form_errors(read_add_form(view), services.actions.today())
        if errors:
            ack(response_action="errors", errors=errors)
        else:
            ack()

    def add_from_form(body: dict[str, Any], client: WebClient, _respond: Respond) -> None:
        view, user = body["view"], body["user"]["id"]
        form = read_add_form(view)
        # A view is submitted once: a second submission of it (a retry with a new signature)
        # must not add the action again.
        if not services.inbound.first_delivery(f"view:{view['id']}"):
            log.info("ignored a repeated submission of the add form %s", view["id"])
            return
        reply: Reply
        try:
            reply = run_add(new_action(form, services), Context(user, services))
        except BotError as exc:
            reply = Notice(exc.user_message, error=True)
        # A form has no response_url, and the channel it was opened from may be one the bot
        # cannot post in (or none, from the Home tab): the DM always reaches the user, and keeps
        # the confirmation where the import previews already arrive.
        client.chat_postMessage(channel=user, **build_reply(reply))

    def add_pressed(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        if _may_add(services, body, client, respond):
            open_add_form(client, services, body["trigger_id"], board=_board_value(body))

    def import_pressed(body: dict[str, Any], client: WebClient, _respond: Respond) -> None:
        open_import_form(client, services, body["trigger_id"], board_id=_board_value(body))

    def add_from_message(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        if not _may_add(services, body, client, respond):
            return
        message = body.get("message") or {}
        channel = str((body.get("channel") or {}).get("id") or "")
        link = permalink(client, body, channel, str(message.get("ts") or ""))
        source = f"\n\nSource: {link}" if link else ""
        text = str(message.get("text") or "").strip()[: DESCRIPTION_LIMIT - len(source)]
        # A message of attachments or blocks only has no text: the link alone is the start.
        description = (text + source).strip()
        open_add_form(client, services, body["trigger_id"], description=description)

    def opens_a_form(where: str, work: Work) -> dict[str, Any]:
        # Opening a form changes nothing: its claim is kept in memory, and never waits for the
        # database's write lock while the trigger_id runs out.
        return {
            "ack": acknowledge,
            "lazy": [later(where, services, work, reads_only=lambda body: True)],
        }

    def refused(body: dict[str, Any]) -> bool:
        return bool(add_form_errors(read_add_form(body["view"]), services.actions.today()))

    app.view(ADD_MODAL)(
        ack=check_add_form, lazy=[later("add form", services, add_from_form, refused=refused)]
    )
    app.action(ACTION_ADD)(**opens_a_form("add button", add_pressed))
    app.action(IMPORT_OPEN)(**opens_a_form("import button", import_pressed))
    app.shortcut(ACTION_FROM_MESSAGE)(**opens_a_form("message shortcut", add_from_message))


def permalink(client: WebClient, body: dict[str, Any], channel: str, ts: str) -> str | None:
    """A link to the message: built from the payload (no call while the trigger_id runs out),
    or asked of Slack when the payload lacks the workspace's domain."""
    if not channel or not ts:
        return None
    domain = str((body.get("team") or {}).get("domain") or "")
    if re.fullmatch(r"[a-z0-9-]+", domain):
        link = f"https://{domain}.slack.com/archives/{channel}/p{ts.replace('.', '')}"
        thread = str((body.get("message") or {}).get("thread_ts") or "")
        # A reply in a thread opens in its thread only with these.
        return f"{link}?thread_ts={thread}&cid={channel}" if thread and thread != ts else link
    try:
        answer = client.chat_getPermalink(channel=channel, message_ts=ts)
    except Exception:
        log.warning("could not get a link to message %s in %s", ts, channel, exc_info=True)
        return None
    found = answer.get("permalink")
    return str(found) if found else None


def _may_add(services: Services, body: dict[str, Any], client: WebClient, respond: Respond) -> bool:
    """Whether `/actions add` alone would open the form for this user; if it would not (only
    secretaries add actions), they are told why before filling anything in."""
    user = body["user"]["id"]
    reply = execute("add", Context(user, services))
    if isinstance(reply, OpenAddForm):
        return True
    if body.get("response_url"):
        respond(response_type="ephemeral", replace_original=False, **build_reply(reply))
    else:  # a button in the Home tab: no message to answer under
        client.chat_postMessage(channel=user, **build_reply(reply))
    return False


def _board_value(body: dict[str, Any]) -> str | None:
    """The board id a button carries, if it carries one."""
    value = str((body.get("actions") or [{}])[0].get("value") or "")
    return value if _BOARD_ID.fullmatch(value) else None
