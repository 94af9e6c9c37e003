"""The /actions command language, shared by Slack and the offline shell."""

from bot.commands.registry import Command, Context
from bot.commands.verbs import parse, run

__all__ = ["Command", "Context", "parse", "run"]
