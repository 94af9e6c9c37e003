"""The /actions command language, shared by Slack and the offline shell."""

# Importing a verb module registers its verbs; the order here is the order of /actions help.
from bot.commands import actions, help, leads  # noqa: F401, I001
from bot.commands import boards, summary  # noqa: F401
from bot.commands import remind  # noqa: F401
from bot.commands import imports  # noqa: F401
from bot.commands.registry import Command, Context, parse, run

__all__ = ["Command", "Context", "parse", "run"]
