"""Reading the words of a command: options, ids, statuses, leads and page numbers."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from bot.commands.tokens import Token, join_words
from bot.errors import InvalidInput
from bot.leads.service import LeadRef
from bot.models.actions import Status

_ID = re.compile(r"#?(\d{1,9})")
_STATUS_WORDS = {
    "open": Status.OPEN,
    "todo": Status.OPEN,
    "in-progress": Status.IN_PROGRESS,
    "in progress": Status.IN_PROGRESS,
    "inprogress": Status.IN_PROGRESS,
    "in_progress": Status.IN_PROGRESS,
    "progress": Status.IN_PROGRESS,
    "started": Status.IN_PROGRESS,
    "blocked": Status.BLOCKED,
    "done": Status.DONE,
    "complete": Status.DONE,
    "completed": Status.DONE,
    "dropped": Status.DROPPED,
    "cancelled": Status.DROPPED,
    "canceled": Status.DROPPED,
}


@dataclass
class Words:
    options: dict[str, list[Token]] = field(default_factory=dict)
    free: list[Token] = field(default_factory=list)

    def one(self, key: str) -> str | None:
        values = self.options.get(key, [])
        if len(values) > 1:
            raise InvalidInput(f"{key}: is given {len(values)} times; give it once.")
        return values[0].value if values else None

    @property
    def text(self) -> str:
        return join_words(self.free)


def split_options(tokens: list[Token], allowed: set[str]) -> Words:
    """Separate key:value options from free words; a misspelt option is an error, not text."""
    words = Words()
    for token in tokens:
        if token.key in allowed:
            words.options.setdefault(token.key, []).append(token)
            continue
        if token.key and (guess := difflib.get_close_matches(token.key, allowed, n=1, cutoff=0.75)):
            raise InvalidInput(f'"{token.key}:" is not an option here. Did you mean {guess[0]}:?')
        words.free.append(token)
    return words


# No list runs to more pages than this (ids are bounded by their pattern, _ID).
MAX_PAGE = 100_000


def parse_id(token: Token | None, what: str = "action id") -> int:
    if token is None:
        raise InvalidInput(f"Which action? Give its {what}, e.g. 12 or #12.")
    match = _ID.fullmatch(token.value)
    if not match:
        raise InvalidInput(f'"{token.value}" is not an {what}; ids look like 12 or #12.')
    return int(match.group(1))


def parse_status(value: str) -> Status:
    status = _STATUS_WORDS.get(" ".join(value.lower().split()))
    if status is None:
        names = ", ".join(s.value for s in Status)
        raise InvalidInput(f'"{value}" is not a status. Use one of: {names}.')
    return status


def parse_leads(tokens: list[Token]) -> list[LeadRef]:
    """lead:MPS lead:"MPS and MOPAC" lead:<@U123> -> one LeadRef per option; a joint lead is
    split later, against the leads already known."""
    refs: list[LeadRef] = []
    for token in tokens:
        if mention := token.mention:
            refs.append(LeadRef(user_id=mention[0], label=mention[1]))
            continue
        name = " ".join(token.value.split())
        if not name.strip(" &/,;"):
            raise InvalidInput('lead: needs a name, e.g. lead:MPS or lead:"MPS and MOPAC".')
        refs.append(LeadRef(name=name))
    return refs


def parse_page(value: str | None) -> int:
    if value is None:
        return 1
    if not (value.isascii() and value.isdigit()) or int(value) < 1:
        raise InvalidInput(f'"{value[:20]}" is not a page number; use page:2, page:3 and so on.')
    if len(value) > len(str(MAX_PAGE)) or int(value) > MAX_PAGE:
        raise InvalidInput(
            f"page:{value[:20]} is past the last page; pages go up to "
            f"{MAX_PAGE:,}, and the list says how many it has."
        )
    return int(value)
