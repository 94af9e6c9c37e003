"""The /actions command language, shared by Slack and the offline shell."""

from bot.commands import actions, help, leads  # noqa: F401  (each registers its verbs)
from bot.commands.registry import Command, Context, parse, run

__all__ = ["Command", "Context", "parse", "run"]
