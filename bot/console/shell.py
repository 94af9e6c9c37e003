"""The offline shell: type /actions lines as a chosen Slack user and read the replies as text."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TextIO

from bot.commands import Context
from bot.commands.execute import execute, unexpected
from bot.console.messenger import ConsoleMessenger
from bot.console.render import render
from bot.console.sweep import sweep_text
from bot.services import Services

BANNER = """actionbot shell: type /actions commands as Slack user {user} (e.g. /actions help).
:as <user id> switches user, :sweep [<ISO time>] shows what the scheduler sends, :quit leaves."""


class Shell:
    def __init__(
        self,
        services: Services,
        user_id: str,
        out: TextIO | None = None,
        *,
        messenger: ConsoleMessenger | None = None,
        record_sweeps: bool = False,
    ) -> None:
        self.services = services
        # The messenger the services send through, when it is the console's: the direct
        # messages it took are printed after each reply.
        self.messenger = messenger
        self.user_id = user_id
        self.out = out or sys.stdout
        # Only a throwaway database may record printed reminders as sent; on a real one,
        # that would stop Slack from ever sending them.
        self.record_sweeps = record_sweeps

    def handle(self, line: str) -> str | None:
        """Answer one line; None means the user asked to leave."""
        line = line.strip()
        if not line or line.startswith("#"):
            return ""
        if line in (":quit", ":q", "quit", "exit"):
            return None
        if line.startswith(":as"):
            return self._switch_user(line[3:].strip())
        text = line.removeprefix("/actions").strip() if line.startswith("/actions") else line
        try:
            if line.startswith(":sweep"):
                return sweep_text(
                    self.services,
                    line[6:].strip(),
                    record=self.record_sweeps,
                    printed=self._printed,
                )
            reply = render(execute(text, Context(self.user_id, self.services)))
            return "\n".join([reply, *self._printed()])
        except Exception as exc:
            return render(unexpected(exc, "shell"))

    def _printed(self) -> list[str]:
        return self.messenger.drain() if self.messenger is not None else []

    def _switch_user(self, user_id: str) -> str:
        if not user_id:
            return f"You are {self.user_id}. Use :as U0123ABCD to switch."
        self.user_id = user_id.lstrip("@")
        role = (
            "a secretary" if self.services.rights(self.user_id).is_secretary else "not a secretary"
        )
        return f"You are now {self.user_id} ({role})."

    def loop(self, lines: Iterable[str], *, prompt: bool) -> None:
        if prompt:
            self.out.write(BANNER.format(user=self.user_id) + "\n")
        for line in _prompted(lines, self.out, prompt):
            answer = self.handle(line)
            if answer is None:
                break
            if answer:
                self.out.write(answer + "\n")
                self.out.flush()


def _prompted(lines: Iterable[str], out: TextIO, prompt: bool) -> Iterable[str]:
    if not prompt:
        yield from lines
        return
    while True:
        out.write("> ")
        out.flush()
        try:
            yield input()
        except EOFError:
            out.write("\n")
            return
