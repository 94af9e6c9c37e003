"""The /actions command language, shared by Slack and the offline shell."""

from bot.commands import actions, help, leads  # noqa: F401  (each registers its verbs)
from bot.commands import boards, summary  # noqa: F401  (boards, meetings, matters arising)
from bot.commands import remind  # noqa: F401  (reminders on demand)
from bot.commands import imports  # noqa: F401  (letters and tables in, actions out)
from bot.commands.registry import Command, Context, parse, run

__all__ = ["Command", "Context", "parse", "run"]
