"""Placing a reply in a reminder's thread on one of the actions that reminder is about."""

from __future__ import annotations

import re
from dataclasses import dataclass

# "#12 Briefing drafted", "#12: drafted", "#12 - drafted": the number names the action.
_NAMED = re.compile(r"\s*#(\d{1,9})(?![\d\w])[\s:,.;\-]*")


@dataclass(frozen=True)
class Placed:
    action_id: int
    note: str


@dataclass(frozen=True)
class Unplaced:
    """Why the reply could not be placed, and how to write it: the answer to give."""

    answer: str


def place_reply(text: str, action_ids: list[int]) -> Placed | Unplaced:
    """The action a reply names with a leading `#id`, or the reminder's only action."""
    listed = ", ".join(f"#{i}" for i in action_ids)
    example = f"`#{action_ids[0]} Briefing drafted, with the AC for sign-off`"
    named = _NAMED.match(text)
    note = text[named.end() :].strip() if named else text.strip()
    if named is not None:
        action_id = int(named.group(1))
        if action_id not in action_ids:
            return Unplaced(
                f"#{action_id} is not in this reminder, which is about {listed}, so nothing was "
                f"recorded. Start your reply with one of those, e.g. {example}, or use "
                f"`/actions update {action_id} <note>`."
            )
    elif len(action_ids) == 1:
        action_id = action_ids[0]
    else:
        return Unplaced(
            f"This reminder is about {listed}: which one is your note for? Nothing was "
            f"recorded. Start your reply with the action's number, e.g. {example}."
        )
    if not note:
        return Unplaced(
            f"There is no note after #{action_id}, so nothing was recorded. Write it after the "
            f"number, e.g. `#{action_id} Briefing drafted, with the AC for sign-off`."
        )
    return Placed(action_id, note)
