"""What summaries need from a messaging platform: post to a channel or a DM, upload a file.

The port takes the summary or update request itself rather than ready-made Block Kit, because
this package may not import the Slack renderers; each adapter renders for its own medium.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, tzinfo
from typing import Protocol

from bot.errors import BotError
from bot.summaries.model import ActionItem, Summary


@dataclass(frozen=True)
class Recipient:
    """A channel, or a user reached by direct message; exactly one of the two."""

    channel_id: str | None = None
    user_id: str | None = None

    def __post_init__(self) -> None:
        if (self.channel_id is None) == (self.user_id is None):
            raise ValueError("a recipient is a channel or a user, not both or neither")

    def __str__(self) -> str:
        return f"#{self.channel_id}" if self.channel_id else f"@{self.user_id}"


@dataclass(frozen=True)
class UpdateRequest:
    """A lead's request for an update before a meeting: their open actions for that board."""

    board_name: str
    meeting: date
    user_id: str
    items: tuple[ActionItem, ...]
    today: date
    tz: tzinfo | None = None


@dataclass(frozen=True)
class FileUpload:
    content: bytes
    filename: str
    title: str
    mimetype: str
    comment: str = ""


@dataclass(frozen=True)
class ForwardedSummary:
    """A scheduled summary sent to a person because its board has no channel; `why` tells them."""

    summary: Summary
    why: str


Postable = Summary | UpdateRequest | ForwardedSummary


class PublishError(BotError):
    """The platform refused or failed; `retry` says whether trying later may work."""

    def __init__(self, user_message: str, *, retry: bool = True) -> None:
        super().__init__(user_message)
        self.retry = retry


class Publisher(Protocol):
    def post(self, to: Recipient, content: Postable) -> int:
        """Post as one or more messages; returns how many."""
        ...

    def upload(self, to: Recipient, file: FileUpload) -> None: ...


class NoPublisher:
    """For processes with nowhere to post (a bare CLI): says so rather than failing later."""

    def post(self, to: Recipient, content: Postable) -> int:
        raise _unavailable()

    def upload(self, to: Recipient, file: FileUpload) -> None:
        raise _unavailable()


def _unavailable() -> PublishError:
    return PublishError(
        "This copy of the bot cannot post messages or files; run it with Slack "
        "credentials, or use `actionbot summary` to write a file.",
        retry=False,
    )
