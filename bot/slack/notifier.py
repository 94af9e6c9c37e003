"""SlackNotifier: the reminder port over the Web API (users.info, conversations.open, chat)."""

from __future__ import annotations

import logging
import threading

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.reminders.digest import Digest
from bot.reminders.ports import MessageOutcome, UserProfile
from bot.slack.blocks.digest import build_digest_messages

log = logging.getLogger(__name__)

# Answers that will be the same however often the message is retried.
PERMANENT_ERRORS = frozenset({
    "user_not_found", "user_disabled", "account_inactive", "cannot_dm_bot",
    "channel_not_found", "not_in_channel", "is_archived", "restricted_action",
    "invalid_blocks", "msg_too_long", "no_text",
})


class SlackNotifier:
    """Retries of 429, 5xx and dropped connections happen inside the client's retry handlers
    (bot/slack/client.py); what still fails comes back as a failed outcome."""

    def __init__(self, client: WebClient) -> None:
        self._client = client
        self._dm_channels: dict[str, str] = {}
        self._lock = threading.Lock()

    def lookup_user(self, user_id: str) -> UserProfile | None:
        try:
            user = self._client.users_info(user=user_id)["user"]
        except SlackApiError as exc:
            if _code(exc) == "user_not_found":
                return UserProfile(user_id, None, "missing")
            log.warning("users.info for %s failed: %s", user_id, _code(exc))
            return None
        except (SlackClientError, OSError) as exc:
            log.warning("users.info for %s failed: %r", user_id, exc)
            return None
        account = "deactivated" if user.get("deleted") else "active"
        return UserProfile(user_id, user.get("tz") or None, account)

    def send_digest(self, digest: Digest) -> list[MessageOutcome]:
        messages = build_digest_messages(digest)
        try:
            channel = self._channel(digest.recipient)
        except (SlackApiError, SlackClientError, OSError) as exc:
            error = _describe(exc)
            ids = tuple(i for m in messages for i in m.delivery_ids)
            return [MessageOutcome(ids, error=error, permanent=error in PERMANENT_ERRORS)]
        outcomes: list[MessageOutcome] = []
        for index, message in enumerate(messages):
            try:
                self._client.chat_postMessage(channel=channel, text=message.text,
                                              blocks=message.blocks, unfurl_links=False,
                                              unfurl_media=False)
            except (SlackApiError, SlackClientError, OSError) as exc:
                error = _describe(exc)
                log.warning("chat.postMessage to %s failed: %s", digest.recipient, error)
                # Later parts wait for the same retry, so the digest stays in order.
                rest = tuple(i for m in messages[index:] for i in m.delivery_ids)
                outcomes.append(MessageOutcome(rest, error=error,
                                               permanent=error in PERMANENT_ERRORS))
                break
            outcomes.append(MessageOutcome(message.delivery_ids))
        return outcomes

    def _channel(self, recipient: str) -> str:
        """A user's DM channel (opened once and remembered), or the channel id itself."""
        if recipient[:1] not in ("U", "W"):
            return recipient
        with self._lock:
            known = self._dm_channels.get(recipient)
        if known is not None:
            return known
        channel = self._client.conversations_open(users=recipient)["channel"]["id"]
        with self._lock:
            self._dm_channels[recipient] = channel
        return channel


def _code(exc: SlackApiError) -> str:
    return str(exc.response.get("error") or exc.response.status_code)


def _describe(exc: Exception) -> str:
    if isinstance(exc, SlackApiError):
        return _code(exc)
    return type(exc).__name__ + (f": {exc}" if str(exc) else "")
