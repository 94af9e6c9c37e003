"""After a press: the message shows what became of the action; refusals go privately."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.commands import Context
from bot.commands.execute import execute
from bot.commands.replies import ActionCard, ActionList, Notice, Reply
from bot.models.shown import Shown
from bot.slack.blocks.action_forms import Origin
from bot.slack.blocks.buttons import (
    BUTTONS_PREFIX,
    action_buttons,
    read_listing,
    replace_buttons,
    state_line,
)
from bot.slack.blocks.replies import build_reply

log = logging.getLogger("bot.slack")
PAGE_WORD = re.compile(r"\bpage:\d+")


def origin_of(body: dict[str, Any], action_id: int, version: int) -> Origin:
    """Where a pressed button was: a message to update in place, or an ephemeral reply."""
    container = body.get("container") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
    ephemeral = bool(container.get("is_ephemeral"))
    pressed = (body.get("actions") or [{}])[0]
    return Origin(
        action_id,
        version,
        channel,
        container.get("message_ts"),
        body.get("response_url") if ephemeral else None,
        read_listing(str(pressed.get("value") or "")) if ephemeral else None,
    )


def show_state(
    client: WebClient,
    origin: Origin,
    line: str,
    action: Shown,
    card: Reply,
    *,
    blocks: list[dict[str, Any]] | None = None,
    text: str = "",
    context: Context | None = None,
) -> None:
    """Put `line` (and fresh buttons while the action is open) where the action's buttons were.

    An ephemeral reply is replaced through its response_url: a list by the same list as it is
    now for `context`'s user, under `line`; anything else, or a list that no longer reads, by
    `card`. `blocks` are the message's, when the press carried them; otherwise the message is
    read back from Slack.
    """
    if origin.response_url:
        message = build_reply(card)
        if origin.listing and context is not None:
            message = _list_again(origin.listing, context, state_line(action.id, line)) or message
        WebhookClient(origin.response_url).send(replace_original=True, **message)
        return
    if not (origin.channel and origin.ts):
        return
    if blocks is None:
        blocks, text = _read_message(client, origin.channel, origin.ts)
    new = [state_line(action.id, line)]
    if not action.is_closed:
        new.append(action_buttons(action.id, action.version, snooze=_has_snooze(blocks, action)))
    replaced = replace_buttons(blocks, action.id, new)
    if replaced is not None:
        client.chat_update(channel=origin.channel, ts=origin.ts, blocks=replaced, text=text)


def _list_again(listing: str, context: Context, line: dict[str, Any]) -> dict[str, Any] | None:
    """The list as it reads now, `line` first; its first page if that page is gone; None if it
    no longer reads at all."""
    reply = execute(f"list {listing}", context)
    if not isinstance(reply, ActionList):
        reply = execute(f"list {PAGE_WORD.sub('', listing).strip()}", context)
    if not isinstance(reply, ActionList):
        return None
    message = build_reply(reply)
    return {**message, "blocks": [line, *message["blocks"]]}


def tell(client: WebClient, user_id: str, origin: Origin, reply: Reply) -> None:
    """Answer whoever sent a form, privately, where its button was."""
    message = build_reply(reply)
    if origin.response_url:
        WebhookClient(origin.response_url).send(
            response_type="ephemeral", replace_original=False, **message
        )
    elif origin.channel:
        client.chat_postEphemeral(channel=origin.channel, user=user_id, **message)
    else:
        client.chat_postMessage(channel=user_id, **message)


def refusal(message: str, action: Shown | None, today: Any) -> Reply:
    """A refusal, with the action as it is now when there is one to show."""
    if action is None:
        return Notice(message, error=True)
    return ActionCard(f":x: {message}", action, today)


def _read_message(client: WebClient, channel: str, ts: str) -> tuple[list[dict[str, Any]], str]:
    try:
        found = client.conversations_history(channel=channel, latest=ts, inclusive=True, limit=1)
    except SlackApiError:
        log.warning("could not read message %s in %s to update it", ts, channel, exc_info=True)
        return [], ""
    for message in found.get("messages") or []:
        if message.get("ts") == ts:
            return list(message.get("blocks") or []), str(message.get("text") or "")
    return [], ""


def _has_snooze(blocks: list[dict[str, Any]], action: Shown) -> bool:
    wanted = f"{BUTTONS_PREFIX}{action.id}"
    for block in blocks:
        if block.get("block_id") == wanted:
            return any(e.get("type") == "static_select" for e in block.get("elements", []))
    return False
