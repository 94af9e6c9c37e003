"""Run one command line to a reply, turning errors into messages the user can act on."""

from __future__ import annotations

import logging
import secrets

from bot.commands.registry import Context
from bot.commands.replies import Notice, Reply
from bot.commands.verbs import parse, run
from bot.errors import BotError

log = logging.getLogger("bot.commands")


def execute(text: str, context: Context) -> Reply:
    """Parse and run `text`; a BotError becomes an error Notice and nothing has been written."""
    try:
        return run(parse(text), context)
    except BotError as exc:
        return Notice(exc.user_message, error=True)


def unexpected(exc: BaseException, where: str) -> Notice:
    """Log the traceback under a short reference that the user can quote."""
    ref = secrets.token_hex(3)
    log.error("unexpected error in %s (ref %s)", where, ref, exc_info=exc)
    return Notice(
        f"Something went wrong (ref {ref}). Nothing was changed; please try again, "
        "and quote the reference if it happens again.",
        error=True,
    )
