"""Leads: turning names and mentions into leads, and mapping leads to Slack users."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy.orm import Session, sessionmaker

from bot.access import Actor, Caller
from bot.clock import Clock
from bot.errors import InvalidInput, NotFound, PermissionDenied
from bot.leads.names import LeadReading, read_lead
from bot.leads.repository import LeadRepository
from bot.models.leads import Lead, LeadAlias, LeadEvent, LeadEventKind, LeadUser, name_key

MAX_NAME = 200


@dataclass(frozen=True)
class LeadRef:
    """A lead as the user wrote it: a name, or a Slack user (with the label Slack sent)."""

    name: str | None = None
    user_id: str | None = None
    label: str | None = None

    def __str__(self) -> str:
        return self.name or f"<@{self.user_id}>"


@dataclass
class LeadMapping:
    lead: Lead
    created: bool
    added_users: list[str]
    added_aliases: list[str]


class ResolvedLeads(NamedTuple):
    leads: list[Lead]
    created: list[Lead]
    # Joint leads read without known leads to go by, for the reply to explain.
    doubtful: list[LeadReading]


def resolve_leads(session: Session, refs: list[LeadRef], clock: Clock) -> ResolvedLeads:
    """The leads named by `refs`, creating unknown names; a joint lead such as "MPS and MOPAC"
    is split only as `read_lead` says."""
    repo = LeadRepository(session)
    resolved = ResolvedLeads([], [], [])
    for ref in _split_joint(repo, refs, resolved.doubtful):
        lead, new = _resolve_one(repo, ref, clock)
        if new:
            resolved.created.append(lead)
        if lead not in resolved.leads:
            resolved.leads.append(lead)
    return resolved


def _split_joint(
    repo: LeadRepository, refs: list[LeadRef], doubtful: list[LeadReading]
) -> list[LeadRef]:
    split: list[LeadRef] = []
    for ref in refs:
        if ref.name is None:
            split.append(ref)
            continue
        _check_name(ref.name)
        reading = read_lead(ref.name, lambda name: repo.by_name(name) is not None)
        if reading.in_doubt:
            doubtful.append(reading)
        split += [LeadRef(name=name) for name in reading.names]
    return split


def _resolve_one(repo: LeadRepository, ref: LeadRef, clock: Clock) -> tuple[Lead, bool]:
    if ref.name is not None:
        _check_name(ref.name)
        return repo.get_or_create(ref.name, clock.now())
    assert ref.user_id is not None
    mapped = repo.for_user(ref.user_id)
    if len(mapped) == 1:
        return mapped[0], False
    if len(mapped) > 1:
        names = ", ".join(lead.name for lead in mapped)
        raise InvalidInput(
            f"<@{ref.user_id}> is mapped to several leads ({names}); name the lead instead, "
            f'e.g. lead:"{mapped[0].name}".'
        )
    # A person named directly becomes a lead of their own, mapped to them.
    lead, new = repo.get_or_create("@" + (ref.label or ref.user_id), clock.now())
    if ref.user_id not in lead.user_ids:
        lead.users.append(LeadUser(slack_user_id=ref.user_id))
    return lead, new


def _check_name(name: str) -> None:
    if not name.strip():
        raise InvalidInput('A lead needs a name, e.g. lead:MPS or lead:"MPS and MOPAC".')
    if len(name) > MAX_NAME:
        raise InvalidInput(f"A lead name can be at most {MAX_NAME} characters.")


class LeadService:
    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    def map_users(
        self, by: Caller, name: str, *, user_ids: list[str], aliases: list[str]
    ) -> LeadMapping:
        """Map `name` to Slack users and give it aliases; the lead is created if new.

        A lead's people receive the reminders of its actions on every board, so they may be
        changed by a secretary of every board, or by a secretary of each board the lead has
        actions on. Every change is kept in the lead's history.
        """
        with self._sessions.begin() as session:
            actor = by.rights(session)
            if not actor.is_any_secretary:
                raise PermissionDenied("Only a board secretary can map leads to people.")
            _check_name(name)
            for alias in aliases:
                _check_name(alias)
            repo = LeadRepository(session)
            now = self._clock.now()
            lead, created = repo.get_or_create(name, now)
            _check_may_change(actor, lead, repo.board_names_of(lead.id))
            added_users = [u for u in dict.fromkeys(user_ids) if u not in lead.user_ids]
            for user_id in added_users:
                lead.users.append(LeadUser(slack_user_id=user_id))
            added_aliases = _add_aliases(repo, lead, aliases)
            if created:
                repo.record(lead, actor.user_id, now, LeadEventKind.CREATED, lead.name)
            for user_id in added_users:
                repo.record(lead, actor.user_id, now, LeadEventKind.USER_ADDED, user_id)
            for alias in added_aliases:
                repo.record(lead, actor.user_id, now, LeadEventKind.ALIAS_ADDED, alias)
            session.flush()
            _load(lead)
            return LeadMapping(lead, created, added_users, added_aliases)

    def history(self, name: str) -> tuple[Lead, list[LeadEvent]]:
        """The lead called `name` and every change to its people and names, oldest first."""
        with self._sessions.begin() as session:
            repo = LeadRepository(session)
            lead = repo.by_name(name)
            if lead is None:
                known = ", ".join(known.name for known in repo.all()) or "none yet"
                raise NotFound(f'No lead is called "{name}". Known leads: {known}.')
            _load(lead)
            return lead, repo.history(lead.id)

    def list_leads(self) -> list[Lead]:
        with self._sessions.begin() as session:
            return LeadRepository(session).all()


def _check_may_change(actor: Actor, lead: Lead, boards: dict[int | None, str]) -> None:
    if actor.is_secretary:
        return
    if not boards and actor.is_any_secretary:
        return
    if boards and actor.manages_all(boards):
        return
    named = ", ".join(sorted(name for name in boards.values())) or "any board"
    raise PermissionDenied(
        f"{lead.name} leads actions on {named}; its people can be changed only by a secretary "
        "of each of those boards, or by a secretary of every board (SECRETARY_USER_IDS)."
        if boards
        else "Only a board secretary can map leads to people."
    )


def _add_aliases(repo: LeadRepository, lead: Lead, aliases: list[str]) -> list[str]:
    added = []
    for alias in aliases:
        owner = repo.alias_owner(alias)
        if owner is not None and owner.id != lead.id:
            raise InvalidInput(
                f'"{alias}" already names the lead {owner.name}; an alias can name only one lead.'
            )
        if owner is None:
            clean = " ".join(alias.split())
            lead.aliases.append(LeadAlias(alias=clean, key=name_key(clean)))
            added.append(clean)
    return added


def _load(lead: Lead) -> None:
    """Touch the collections a reply shows, so they stay readable after the session ends."""
    _ = [a.alias for a in lead.aliases], lead.user_ids
