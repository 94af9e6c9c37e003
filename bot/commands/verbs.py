"""Every verb of /actions, listed once, in the order `/actions help` shows them."""

from __future__ import annotations

from bot.commands import actions, boards, closure, deadlines, imports, leads, remind, summary
from bot.commands.help import help_reply
from bot.commands.leads import parse_none
from bot.commands.registry import Command, Context, Verb, by_name, parse_with
from bot.commands.replies import Reply
from bot.commands.tokens import tokenize
from bot.errors import InvalidInput


def _run_help(_: None, context: Context) -> Reply:
    return help_reply(ALL, context.services.rights(context.user_id))


HELP = Verb(
    "help", "/actions help", "This help.", "/actions help", parse_none, _run_help, reads_only=True
)

ALL: tuple[Verb, ...] = (
    *actions.VERBS,
    *closure.VERBS,
    *deadlines.VERBS,
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


def reads_only(text: str) -> bool:
    """Whether the command line can only read: its verb reads only, or it names no verb (and
    gets an explanation). Cheap enough to ask before the command runs."""
    try:
        tokens = tokenize(text)
    except InvalidInput:
        return True
    verb = BY_NAME.get(tokens[0].raw.lower()) if tokens else HELP
    return verb is None or verb.reads_only


def run(command: Command, context: Context) -> Reply:
    return command.verb.run(command.args, context)
