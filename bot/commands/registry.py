"""What a verb of /actions is (its usage, how to parse its words, how to run) and how a line
of text is matched to one; the verbs themselves are listed in bot/commands/verbs.py."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.access import SlackUser
from bot.commands.replies import Reply
from bot.commands.tokens import Token, tokenize
from bot.errors import InvalidInput
from bot.services import Services


@dataclass(frozen=True)
class Context:
    """Who is asking, and the services to ask."""

    user_id: str
    services: Services

    @property
    def caller(self) -> SlackUser:
        """Who the services act for; they read the user's rights in their own transaction."""
        return self.services.caller(self.user_id)


@dataclass(frozen=True)
class Verb:
    name: str
    usage: str
    summary: str
    example: str
    parse: Callable[[list[Token]], Any]
    run: Callable[[Any, Context], Reply]
    aliases: tuple[str, ...] = ()
    # Only reads: running it twice shows the same answer twice and changes nothing.
    reads_only: bool = False


@dataclass(frozen=True)
class Command:
    """A parsed command line: the verb and what its parser made of the words."""

    verb: Verb
    args: Any


def by_name(verbs: tuple[Verb, ...]) -> dict[str, Verb]:
    """Every name and alias of the verbs, to the verb."""
    table: dict[str, Verb] = {}
    for verb in verbs:
        for name in (verb.name, *verb.aliases):
            if name in table:
                raise ValueError(f"two verbs are called {name!r}")
            table[name] = verb
    return table


def parse_with(verbs: Mapping[str, Verb], text: str) -> Command:
    """Text after `/actions` -> Command. Raises InvalidInput with the right form on bad input."""
    tokens = tokenize(text)
    if not tokens:
        return parse_with(verbs, "help")
    name = tokens[0].raw.lower()
    verb = verbs.get(name)
    if verb is None:
        guess = difflib.get_close_matches(name, list(verbs), n=1)
        hint = f" Did you mean `/actions {guess[0]}`?" if guess else ""
        raise InvalidInput(
            f'"{tokens[0].raw}" is not an /actions command.{hint} `/actions help` lists them all.'
        )
    try:
        return Command(verb, verb.parse(tokens[1:]))
    except InvalidInput as exc:
        raise InvalidInput(
            f"{exc.user_message}\nUsage: `{verb.usage}`\nExample: `{verb.example}`"
        ) from exc
