"""SlackNotifier: the reminder port over the Web API (users.info, conversations.open, chat)."""

from __future__ import annotations

import logging
import threading
from dataclasses import replace

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.reminders.digest import Digest
from bot.reminders.ports import MessageOutcome, UserProfile
from bot.slack.blocks.digest import DigestMessage, build_digest_messages

log = logging.getLogger(__name__)

# Answers that will be the same however often the message is retried.
PERMANENT_ERRORS = frozenset(
    {
        "user_not_found",
        "user_disabled",
        "account_inactive",
        "cannot_dm_bot",
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "restricted_action",
        "invalid_blocks",
        "msg_too_long",
        "no_text",
    }
)
METADATA_EVENT = "actionbot_delivery"
# How far back a retry looks for its first attempt: a DM with the bot is short and quiet.
HISTORY_LIMIT = 100


class SlackNotifier:
    """The client waits out 429s itself but never repeats a post (bot/slack/client.py); a post
    whose outcome is unknown comes back failed unless the channel shows it landed, and the
    delivery ledger retries it, looking in the channel first."""

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
        try:
            channel = self._channel(digest.recipient)
            landed = self._recheck(channel) if digest.recheck else set()
        except (SlackApiError, SlackClientError, OSError) as exc:
            error = _describe(exc)
            ids = tuple(i.delivery_id for i in digest.items)
            return [MessageOutcome(ids, error=error, permanent=error in PERMANENT_ERRORS)]
        outcomes: list[MessageOutcome] = []
        if landed & {i.delivery_id for i in digest.items}:
            found = tuple(i.delivery_id for i in digest.items if i.delivery_id in landed)
            log.info("reminders %s to %s had already been posted", found, digest.recipient)
            outcomes.append(MessageOutcome(found))
            digest = replace(
                digest, items=tuple(i for i in digest.items if i.delivery_id not in landed)
            )
            if not digest.items:
                return outcomes
        messages = build_digest_messages(digest)
        for index, message in enumerate(messages):
            failure = self._post(channel, message)
            if failure is not None:
                log.warning("chat.postMessage to %s failed: %s", digest.recipient, failure)
                # Later parts wait for the same retry, so the digest stays in order.
                rest = tuple(i for m in messages[index:] for i in m.delivery_ids)
                outcomes.append(
                    MessageOutcome(rest, error=failure, permanent=failure in PERMANENT_ERRORS)
                )
                break
            outcomes.append(MessageOutcome(message.delivery_ids))
        return outcomes

    def _post(self, channel: str, message: DigestMessage) -> str | None:
        """Post one message; None when it is in the channel, else the error."""
        tracked = all(i > 0 for i in message.delivery_ids)
        metadata = (
            {
                "event_type": METADATA_EVENT,
                "event_payload": {"key": delivery_key(message.delivery_ids)},
            }
            if tracked
            else None
        )
        try:
            self._client.chat_postMessage(
                channel=channel,
                text=message.text,
                blocks=message.blocks,
                unfurl_links=False,
                unfurl_media=False,
                metadata=metadata,
            )
            return None
        except (SlackApiError, SlackClientError, OSError) as exc:
            if not (tracked and _unknown_outcome(exc)):
                return _describe(exc)
            error = f"outcome unknown: {_describe(exc)}"
        # The post may have landed before the answer was lost: look before anyone retries.
        try:
            landed = self._landed(channel)
        except (SlackApiError, SlackClientError, OSError):
            return error
        return None if set(message.delivery_ids) <= landed else error

    def _recheck(self, channel: str) -> set[int]:
        """What already landed; raises only when the channel cannot be read for now."""
        try:
            return self._landed(channel)
        except SlackApiError as exc:
            if _unknown_outcome(exc):
                raise
            # Without the history scope the check can never succeed: sending beats never sending.
            log.warning(
                "cannot look in %s before retrying (%s); sending again", channel, _code(exc)
            )
            return set()

    def _landed(self, channel: str) -> set[int]:
        """Delivery ids carried by the bot's recent messages in `channel`."""
        answer = self._client.conversations_history(
            channel=channel, limit=HISTORY_LIMIT, include_all_metadata=True
        )
        found: set[int] = set()
        for message in answer.get("messages") or []:
            meta = message.get("metadata") or {}
            if meta.get("event_type") == METADATA_EVENT:
                found.update(
                    parse_delivery_key(str((meta.get("event_payload") or {}).get("key", "")))
                )
        return found

    def _channel(self, recipient: str) -> str:
        """A user's DM channel (opened once and remembered), or the channel id itself."""
        if recipient[:1] not in ("U", "W"):
            return recipient
        with self._lock:
            known = self._dm_channels.get(recipient)
        if known is not None:
            return known
        channel = str(self._client.conversations_open(users=recipient)["channel"]["id"])
        with self._lock:
            self._dm_channels[recipient] = channel
        return channel


def _code(exc: SlackApiError) -> str:
    return str(exc.response.get("error") or exc.response.status_code)


def _describe(exc: Exception) -> str:
    if isinstance(exc, SlackApiError):
        return _code(exc)
    return type(exc).__name__ + (f": {exc}" if str(exc) else "")


def delivery_key(delivery_ids: tuple[int, ...]) -> str:
    return "deliveries:" + ",".join(str(i) for i in sorted(delivery_ids))


def parse_delivery_key(key: str) -> set[int]:
    if not key.startswith("deliveries:"):
        return set()
    return {int(part) for part in key.removeprefix("deliveries:").split(",") if part.isdigit()}


def _unknown_outcome(exc: Exception) -> bool:
    """A 5xx, a timeout or a dropped connection: the post may or may not have landed."""
    if isinstance(exc, SlackApiError):
        return bool(exc.response.status_code >= 500)
    return isinstance(exc, OSError) or "timed out" in str(exc).lower()
