"""What reminders need from a messaging platform: who a user is, and delivering a digest."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.models.reminders import Account
from bot.reminders.digest import Digest


@dataclass(frozen=True)
class UserProfile:
    """A user as the platform knows them; `tz` None means their time zone is not known."""

    user_id: str
    tz: str | None
    account: Account = Account.ACTIVE
    name: str | None = None  # the full or display name, for papers; None when Slack gives none

    @property
    def reachable(self) -> bool:
        return self.account == Account.ACTIVE


@dataclass(frozen=True)
class MessageOutcome:
    """What became of one message of a digest: which items it carried, and any error.

    `permanent` means trying again cannot help (the user is gone, the bot is not in the channel).
    """

    delivery_ids: tuple[int, ...]
    error: str | None = None
    permanent: bool = False
    # Where the message landed (a conversation id and its ts), when the platform said so.
    channel: str | None = None
    ts: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


class Notifier(Protocol):
    def lookup_user(self, user_id: str) -> UserProfile | None:
        """The user's profile, or None when it cannot be told right now (then nothing is cached)."""
        ...

    def send_digest(self, digest: Digest) -> list[MessageOutcome]:
        """Deliver a digest as one or more messages; never raises for a platform error."""
        ...


class NoNotifier:
    """For processes that never send (web workers before wiring, maintenance commands)."""

    def lookup_user(self, user_id: str) -> UserProfile | None:
        return None

    def send_digest(self, digest: Digest) -> list[MessageOutcome]:
        ids = tuple(item.delivery_id for item in digest.items)
        return [MessageOutcome(ids, error="no messaging platform is configured")]
