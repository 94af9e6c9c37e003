"""The reminder port for the offline shell: direct messages are printed, not sent."""

from __future__ import annotations

from bot.reminders.digest import Digest, digest_text
from bot.reminders.ports import MessageOutcome, UserProfile


class ConsoleNotifier:
    """Keeps each message as text until the shell prints it; every send succeeds."""

    def __init__(self) -> None:
        self._outbox: list[str] = []

    def lookup_user(self, user_id: str) -> UserProfile | None:
        return None  # unknown: reminders use TIMEZONE, and nothing is cached

    def send_digest(self, digest: Digest) -> list[MessageOutcome]:
        self._outbox.append(message_text(digest))
        return [MessageOutcome(tuple(item.delivery_id for item in digest.items))]

    def drain(self) -> list[str]:
        """The messages sent since the last call, oldest first."""
        sent, self._outbox = self._outbox, []
        return sent


def message_text(digest: Digest) -> str:
    """A digest as the shell shows it, headed by where it would go."""
    where = (
        f"direct message to @{digest.recipient}"
        if digest.recipient[:1] in ("U", "W")
        else f"message to channel {digest.recipient}"
    )
    return f"--- {where} ---\n{digest_text(digest)}"
