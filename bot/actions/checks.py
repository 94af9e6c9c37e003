"""Checks and lookups shared by the services: they explain every refusal to the user."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

from bot.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from bot.leads.repository import LeadRepository
from bot.models.shown import Shown

MAX_ITEM_NO = 20
# An action as the ORM loads it or as a card reads it.
Found = TypeVar("Found", bound=Shown)


def refuse(what: str) -> None:
    raise PermissionDenied(
        f"Only a board secretary can {what}. Ask one of the secretaries, or ask the "
        "bot's administrator to add you to SECRETARY_USER_IDS."
    )


def found_action(action: Found | None, action_id: int, version: int | None = None) -> Found:
    """The action; with `version`, only if it has not changed since it was shown at that one."""
    if action is None:
        raise NotFound(f"There is no action #{action_id}. `/actions list all` shows every id.")
    check_version(action, version)
    return action


def known_lead_id(session: Session, name: str) -> int:
    """The id of the lead called `name` (or by that other name)."""
    lead_id = LeadRepository(session).id_by_name(name)
    if lead_id is None:
        known = ", ".join(lead.name for lead in LeadRepository(session).all()) or "none yet"
        raise NotFound(f'No lead is called "{name}". Known leads: {known}.')
    return lead_id


def clean_text(value: str | None, what: str, limit: int) -> str:
    clean = " ".join((value or "").split())
    if len(clean) > limit:
        raise InvalidInput(f"The {what} is {len(clean)} characters; the most is {limit}.")
    return clean


def item_number(value: str | None) -> str | None:
    clean = clean_text(value, "item number", MAX_ITEM_NO)
    return clean or None


def check_version(action: Shown, version: int | None) -> None:
    """A change made from a message or a form names the version it showed: refuse a stale one."""
    if version is not None and action.version != version:
        raise Conflict(
            f"#{action.id} was changed after that message was sent, so nothing was changed. "
            "Here it is as it is now."
        )
