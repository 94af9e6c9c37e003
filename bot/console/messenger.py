"""ConsoleMessenger: both messaging ports for the offline shell. Reminders are kept as text
until the shell prints them after its reply; posts are printed at once and files saved."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO, assert_never

from bot.console.boards import update_request_text
from bot.reminders.digest import Digest, digest_text
from bot.reminders.ports import MessageOutcome, UserProfile
from bot.summaries.exporters import to_markdown
from bot.summaries.model import Summary
from bot.summaries.ports import FileUpload, ForwardedSummary, Postable, Recipient, UpdateRequest


class ConsoleMessenger:
    """Every send succeeds; files go to `directory`, or are only announced."""

    def __init__(self, out: TextIO | None = None, directory: Path | None = None) -> None:
        self._out = out or sys.stdout
        self._directory = directory
        self._outbox: list[str] = []

    # The Notifier port.

    def lookup_user(self, user_id: str) -> UserProfile | None:
        return None  # unknown: reminders use TIMEZONE, and nothing is cached

    def send_digest(self, digest: Digest) -> list[MessageOutcome]:
        self._outbox.append(message_text(digest))
        return [MessageOutcome(tuple(item.delivery_id for item in digest.items))]

    def drain(self) -> list[str]:
        """The direct messages sent since the last call, oldest first."""
        sent, self._outbox = self._outbox, []
        return sent

    # The Publisher port.

    def post(self, to: Recipient, content: Postable) -> int:
        self._out.write(f"--- message to {to} ---\n{text_for(content).rstrip()}\n---\n")
        self._out.flush()
        return 1

    def upload(self, to: Recipient, file: FileUpload) -> None:
        if self._directory is None:
            where = "not saved (the shell was started without a directory for files)"
        else:
            path = self._directory / file.filename
            path.write_bytes(file.content)
            where = f"saved to {path}"
        size = f"{len(file.content):,} bytes"
        self._out.write(f"--- file for {to}: {file.filename} ({size}), {where} ---\n")
        if file.comment:
            self._out.write(file.comment + "\n")
        self._out.flush()


def message_text(digest: Digest) -> str:
    """A digest as the shell shows it, headed by where it would go."""
    where = (
        f"direct message to @{digest.recipient}"
        if digest.recipient[:1] in ("U", "W")
        else f"message to channel {digest.recipient}"
    )
    return f"--- {where} ---\n{digest_text(digest)}"


def text_for(content: Postable) -> str:
    match content:
        case Summary():
            return to_markdown(content)
        case UpdateRequest():
            return update_request_text(content)
        case ForwardedSummary():
            return f"_{content.why}_\n\n{to_markdown(content.summary)}"
        case _:
            assert_never(content)
