"""/actions help: generated from the verbs themselves so it cannot drift from them."""

from __future__ import annotations

from bot.access import Actor
from bot.commands.registry import Verb
from bot.commands.replies import Help, HelpEntry
from bot.timing import ACCEPTED_FORMS

INTRO = (
    "actionbot keeps the actions agreed at board meetings and reminds their leads. "
    "Values with spaces go in quotes; ids may be written 12 or #12."
)


def help_reply(verbs: tuple[Verb, ...], actor: Actor) -> Help:
    entries = tuple(HelpEntry(v.usage, v.summary, v.example) for v in verbs if v.name != "help")
    footer = [ACCEPTED_FORMS]
    if not actor.is_any_secretary:
        footer.append(
            "You can list and show actions, and update those whose lead you are "
            "mapped to; secretaries can do everything."
        )
    return Help(INTRO, entries, tuple(footer))
