"""SlackPublisher: posts summaries and update requests, and uploads files, through the Web API."""

from __future__ import annotations

import logging
import uuid
from functools import singledispatch
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.slack.blocks.summary import (
    build_summary_messages,
    build_update_request_messages,
)
from bot.slack.notifier import HISTORY_LIMIT, METADATA_EVENT
from bot.summaries.model import Summary
from bot.summaries.ports import (
    FileUpload,
    Postable,
    PublishError,
    Recipient,
    UpdateRequest,
)

log = logging.getLogger(__name__)

# Errors that another try will not mend: the channel or person is gone, or the bot is not in it.
_PERMANENT = {
    "channel_not_found",
    "not_in_channel",
    "is_archived",
    "user_not_found",
    "user_disabled",
    "cannot_dm_bot",
    "invalid_auth",
    "account_inactive",
    "missing_scope",
    "not_authed",
    "restricted_action",
}


class SlackPublisher:
    def __init__(self, client: WebClient) -> None:
        self._client = client

    def post(self, to: Recipient, content: Postable) -> int:
        messages = messages_for(content)
        channel = self._channel(to)
        # Each message carries a key of its own, so an answer lost after posting can be told
        # from a post that never landed, without the client posting it a second time.
        nonce = uuid.uuid4().hex
        for index, message in enumerate(messages):
            key = f"post:{nonce}:{index}"
            metadata = {"event_type": METADATA_EVENT, "event_payload": {"key": key}}
            try:
                self._call(
                    "chat.postMessage",
                    lambda m=message, md=metadata: self._client.chat_postMessage(
                        channel=channel, unfurl_links=False, metadata=md, **m
                    ),
                )
            except PublishError as exc:
                if not (exc.retry and _unknown(exc.__cause__) and self._landed(channel, key)):
                    raise
                log.info("a post to %s had landed despite the error", channel)
        return len(messages)

    def _landed(self, channel: str, key: str) -> bool:
        try:
            answer = self._client.conversations_history(
                channel=channel, limit=HISTORY_LIMIT, include_all_metadata=True
            )
        except (SlackClientError, OSError) as exc:
            log.warning("could not look for a post in %s: %r", channel, exc)
            return False
        return any(
            ((m.get("metadata") or {}).get("event_payload") or {}).get("key") == key
            for m in answer.get("messages") or []
        )

    def upload(self, to: Recipient, file: FileUpload) -> None:
        channel = self._channel(to)
        self._call(
            "files_upload_v2",
            lambda: self._client.files_upload_v2(
                channel=channel,
                content=file.content,
                filename=file.filename,
                title=file.title,
                initial_comment=file.comment or None,
            ),
        )

    def _channel(self, to: Recipient) -> str:
        if to.channel_id:
            return to.channel_id
        assert to.user_id is not None
        info = self._call("users.info", lambda: self._client.users_info(user=to.user_id))
        if (info.get("user") or {}).get("deleted"):
            # Slack may accept a DM to a deactivated account and nobody would read it.
            raise PublishError(
                f"<@{to.user_id}> has left Slack; nobody would read it.", retry=False
            )
        opened = self._call(
            "conversations.open", lambda: self._client.conversations_open(users=to.user_id)
        )
        return str(opened["channel"]["id"])

    def _call(self, what: str, call):  # type: ignore[no-untyped-def]
        try:
            return call()
        except SlackApiError as exc:
            error = str(exc.response.get("error", "unknown_error"))
            log.warning("Slack %s failed: %s", what, error)
            raise PublishError(_explain(error), retry=error not in _PERMANENT) from exc
        except (SlackClientError, OSError) as exc:
            log.warning("Slack %s failed: %r", what, exc)
            raise PublishError("Slack did not answer. Try again later.") from exc


def _unknown(exc: BaseException | None) -> bool:
    """A 5xx or a dropped connection: the post may have landed."""
    if isinstance(exc, SlackApiError):
        return bool(exc.response.status_code >= 500)
    return isinstance(exc, OSError)


@singledispatch
def messages_for(content: Postable) -> list[dict[str, Any]]:
    raise TypeError(f"nothing renders {type(content).__name__} for Slack")


@messages_for.register
def _(content: Summary) -> list[dict[str, Any]]:
    return build_summary_messages(content)


@messages_for.register
def _(content: UpdateRequest) -> list[dict[str, Any]]:
    return build_update_request_messages(content)


def _explain(error: str) -> str:
    if error in ("not_in_channel", "channel_not_found"):
        return (
            "I cannot post in the board's channel. Invite me there with `/invite @actionbot`,"
            " or set another channel with `/actions board set <board> channel:#channel`."
        )
    if error == "is_archived":
        return "The board's channel is archived; set another with `/actions board set`."
    return f"Slack refused the post ({error}). Try again later."
