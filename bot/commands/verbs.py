"""Every verb of /actions, listed once, in the order `/actions help` shows them."""

from __future__ import annotations

from bot.commands import actions, boards, imports, leads, remind, summary
from bot.commands.help import help_reply
from bot.commands.leads import parse_none
from bot.commands.registry import Command, Context, Verb, by_name, parse_with
from bot.commands.replies import Reply


def _run_help(_: None, context: Context) -> Reply:
    return help_reply(ALL, context.services.rights(context.user_id))


HELP = Verb("help", "/actions help", "This help.", "/actions help", parse_none, _run_help)

ALL: tuple[Verb, ...] = (
    *actions.VERBS,
    HELP,
    *leads.VERBS,
    *boards.VERBS,
    *summary.VERBS,
    *remind.VERBS,
    *imports.VERBS,
)
BY_NAME = by_name(ALL)


def parse(text: str) -> Command:
    """Text after `/actions` -> Command; InvalidInput says what was wrong and the right form."""
    return parse_with(BY_NAME, text)


def run(command: Command, context: Context) -> Reply:
    return command.verb.run(command.args, context)
