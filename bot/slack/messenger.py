"""SlackMessenger: both messaging ports over the Web API, reminders (Notifier) and summaries
(Publisher), with one DM channel cache, one list of permanent errors and one check for posts that
landed although their answer was lost.

A person's messages are posted to their user id: Slack puts them in the app's DM with that person
and answers with the DM's D… id, remembered here ("passing the user's ID as the channel parameter
... no need for a separate call to conversations.open",
https://api.slack.com/scopes/conversations.app_home:create). conversations.open is left for
reading that DM's history after a lost answer and for sharing a file there
(files.completeUploadExternal takes a conversation's id, not a user's).

The client paces calls to Slack's rate limits and waits out 429s, but never repeats a post
(bot/slack/client.py, pacing.py). Every post carries a key in its metadata; when the answer to a
post is lost (a 5xx, a dropped connection) the channel's recent history says whether it landed,
so nothing is posted twice.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any, TypeVar

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.models.reminders import Account
from bot.reminders.digest import Digest
from bot.reminders.ports import MessageOutcome, UserProfile
from bot.slack.blocks.digest import DigestMessage
from bot.slack.blocks.escalation import build_messages
from bot.slack.blocks.summary import build_post_messages
from bot.slack.identity import person_name
from bot.slack.pacing import is_user_id
from bot.summaries.ports import FileUpload, Postable, PublishError, Recipient

log = logging.getLogger(__name__)

T = TypeVar("T")

# Answers about the recipient or the message that will be the same however often it is sent
# again. Answers about the bot's own token or scopes are not here: once an administrator fixes
# them, a retry succeeds.
PERMANENT_ERRORS = frozenset(
    {
        "user_not_found",
        "user_disabled",
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
SLACK_ERRORS = (SlackApiError, SlackClientError, OSError)


class SlackMessenger:
    def __init__(self, client: WebClient) -> None:
        self._client = client
        self._dm_channels: dict[str, str] = {}  # user id -> DM id; each get or set is atomic

    # The Notifier port: reminders.

    def lookup_user(self, user_id: str) -> UserProfile | None:
        try:
            user = self._client.users_info(user=user_id)["user"]
        except SlackApiError as exc:
            if _code(exc) == "user_not_found":
                return UserProfile(user_id, None, Account.MISSING)
            log.warning("users.info for %s failed: %s", user_id, _code(exc))
            return None
        except (SlackClientError, OSError) as exc:
            log.warning("users.info for %s failed: %r", user_id, exc)
            return None
        account = Account.DEACTIVATED if user.get("deleted") else Account.ACTIVE
        return UserProfile(user_id, user.get("tz") or None, account, person_name(user))

    def send_digest(self, digest: Digest) -> list[MessageOutcome]:
        try:
            landed = self._recheck(digest.recipient) if digest.recheck else set()
        except SLACK_ERRORS as exc:
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
        messages = build_messages(digest)
        for index, message in enumerate(messages):
            failure, where = self._post_digest_part(digest.recipient, message)
            if failure is not None:
                log.warning("chat.postMessage to %s failed: %s", digest.recipient, failure)
                # Later parts wait for the same retry, so the digest stays in order.
                rest = tuple(i for m in messages[index:] for i in m.delivery_ids)
                outcomes.append(
                    MessageOutcome(rest, error=failure, permanent=failure in PERMANENT_ERRORS)
                )
                break
            channel, ts = where or (None, None)
            outcomes.append(MessageOutcome(message.delivery_ids, channel=channel, ts=ts))
        return outcomes

    def _post_digest_part(
        self, channel: str, message: DigestMessage
    ) -> tuple[str | None, tuple[str, str] | None]:
        """Post one message: (None, its channel and ts when known) once it is in the channel,
        else (the error, None)."""
        tracked = all(i > 0 for i in message.delivery_ids)
        key = delivery_key(message.delivery_ids) if tracked else None
        try:
            return None, self._post(channel, {"text": message.text, "blocks": message.blocks}, key)
        except SLACK_ERRORS as exc:
            if key is None or not _unknown_outcome(exc):
                return _describe(exc), None
            error = f"outcome unknown: {_describe(exc)}"
        # The post may have landed before the answer was lost: look before anyone retries.
        try:
            landed = self._delivery_ids_in(channel)
        except SLACK_ERRORS:
            return error, None
        return (None, None) if set(message.delivery_ids) <= landed else (error, None)

    def _recheck(self, channel: str) -> set[int]:
        """What already landed; raises only when the channel cannot be read for now."""
        try:
            return self._delivery_ids_in(channel)
        except SlackApiError as exc:
            if _unknown_outcome(exc):
                raise
            # Without the history scope the check can never succeed: sending beats never sending.
            log.warning("cannot look in %s before a retry (%s); sending again", channel, _code(exc))
            return set()

    def _delivery_ids_in(self, channel: str) -> set[int]:
        found: set[int] = set()
        for key in self._keys_in(self._conversation_of(channel)):
            found.update(parse_delivery_key(key))
        return found

    # The Publisher port: summaries, update requests and files.

    def post(self, to: Recipient, content: Postable) -> int:
        messages = build_post_messages(content)
        channel = self._recipient_channel(to)
        # Each message carries a key of its own, so an answer lost after posting can be told
        # from a post that never landed.
        nonce = uuid.uuid4().hex
        for index, message in enumerate(messages):
            key = f"post:{nonce}:{index}"
            try:
                self._call("chat.postMessage", partial(self._post, channel, message, key))
            except PublishError as exc:
                if not (
                    exc.retry and _unknown_outcome(exc.__cause__) and self._landed(channel, key)
                ):
                    raise
                log.info("a post to %s had landed despite the error", channel)
        return len(messages)

    def upload(self, to: Recipient, file: FileUpload) -> None:
        channel = self._recipient_channel(to)
        # A file is shared to a conversation's id only (C…, G…, D…), never a user id.
        channel = self._call("conversations.open", lambda: self._conversation_of(channel))
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

    def _recipient_channel(self, to: Recipient) -> str:
        if to.channel_id:
            return to.channel_id
        assert to.user_id is not None
        user_id = to.user_id
        info = self._call("users.info", lambda: self._client.users_info(user=user_id))
        if (info.get("user") or {}).get("deleted"):
            # Slack may accept a DM to a deactivated account and nobody would read it.
            raise PublishError(f"<@{user_id}> has left Slack; nobody would read it.", retry=False)
        return user_id

    def _landed(self, channel: str, key: str) -> bool:
        try:
            return key in self._keys_in(self._conversation_of(channel))
        except SLACK_ERRORS as exc:
            log.warning("could not look for a post in %s: %r", channel, exc)
            return False

    def _call(self, what: str, call: Callable[[], T]) -> T:
        """Run one Slack call for the Publisher port: its errors become PublishError."""
        try:
            return call()
        except SlackApiError as exc:
            error = _code(exc)
            log.warning("Slack %s failed: %s", what, error)
            raise PublishError(_explain(error), retry=error not in PERMANENT_ERRORS) from exc
        except (SlackClientError, OSError) as exc:
            log.warning("Slack %s failed: %r", what, exc)
            raise PublishError("Slack did not answer. Try again later.") from exc

    # What both ports share.

    def _post(
        self, channel: str, message: dict[str, Any], key: str | None
    ) -> tuple[str, str] | None:
        """Post; the conversation and ts Slack gave the message, when it said."""
        metadata = {"event_type": METADATA_EVENT, "event_payload": {"key": key}} if key else None
        answer = self._client.chat_postMessage(
            channel=channel, unfurl_links=False, unfurl_media=False, metadata=metadata, **message
        )
        landed, ts = answer.get("channel"), answer.get("ts")
        self._remember(channel, landed)
        return (landed, ts) if isinstance(landed, str) and isinstance(ts, str) else None

    def _keys_in(self, channel: str) -> set[str]:
        """The keys carried by the bot's recent messages in `channel`."""
        answer = self._client.conversations_history(
            channel=channel, limit=HISTORY_LIMIT, include_all_metadata=True
        )
        keys: set[str] = set()
        for message in answer.get("messages") or []:
            meta = message.get("metadata") or {}
            if meta.get("event_type") == METADATA_EVENT:
                keys.add(str((meta.get("event_payload") or {}).get("key", "")))
        return keys

    def _conversation_of(self, recipient: str) -> str:
        """A user's DM (known from an answer, else opened once and remembered), or the channel."""
        if not is_user_id(recipient):
            return recipient
        known = self._dm_channels.get(recipient)
        if known is not None:
            return known
        channel = str(self._client.conversations_open(users=recipient)["channel"]["id"])
        self._remember(recipient, channel)
        return channel

    def _remember(self, user_id: str, channel: object) -> None:
        if is_user_id(user_id) and isinstance(channel, str) and channel.startswith("D"):
            self._dm_channels[user_id] = channel


def delivery_key(delivery_ids: tuple[int, ...]) -> str:
    return "deliveries:" + ",".join(str(i) for i in sorted(delivery_ids))


def parse_delivery_key(key: str) -> set[int]:
    if not key.startswith("deliveries:"):
        return set()
    return {int(part) for part in key.removeprefix("deliveries:").split(",") if part.isdigit()}


def _code(exc: SlackApiError) -> str:
    return str(exc.response.get("error") or exc.response.status_code)


def _describe(exc: Exception) -> str:
    if isinstance(exc, SlackApiError):
        return _code(exc)
    return type(exc).__name__ + (f": {exc}" if str(exc) else "")


def _unknown_outcome(exc: BaseException | None) -> bool:
    """A 5xx, a timeout or a dropped connection: the post may or may not have landed."""
    if isinstance(exc, SlackApiError):
        return bool(exc.response.status_code >= 500)
    return isinstance(exc, OSError) or (exc is not None and "timed out" in str(exc).lower())


def _explain(error: str) -> str:
    if error in ("not_in_channel", "channel_not_found"):
        return (
            "I cannot post in the board's channel. Invite me there with `/invite @actionbot`,"
            " or set another channel with `/actions board set <board> channel:#channel`."
        )
    if error == "is_archived":
        return "The board's channel is archived; set another with `/actions board set`."
    return f"Slack refused the post ({error}). Try again later."
