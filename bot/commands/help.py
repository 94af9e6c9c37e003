"""/actions help: generated from the verbs themselves so it cannot drift from them."""

from __future__ import annotations

from bot.timing import ACCEPTED_FORMS
from bot.commands.leads import parse_none
from bot.commands.registry import Context, Verb, register, unique_verbs
from bot.commands.replies import Help, HelpEntry, Reply

INTRO = ("actionbot keeps the actions agreed at board meetings and reminds their leads. "
         "Values with spaces go in quotes; ids may be written 12 or #12.")


def run_help(_: None, context: Context) -> Reply:
    entries = tuple(HelpEntry(v.usage, v.summary, v.example) for v in unique_verbs()
                    if v.name != "help")
    footer = [ACCEPTED_FORMS]
    if not context.actor.is_any_secretary:
        footer.append("You can list and show actions, and update those whose lead you are "
                      "mapped to; secretaries can do everything.")
    return Help(INTRO, entries, tuple(footer))


register(Verb("help", "/actions help", "This help.", "/actions help", parse_none, run_help))
