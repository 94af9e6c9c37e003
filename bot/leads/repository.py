"""Queries on leads; never commits (the service owns the transaction)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.db.sql import insert_or_ignore
from bot.leads.models import Lead, LeadAlias, LeadUser, name_key

ALIASES = LeadAlias.__table__


class LeadRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def by_name(self, name: str) -> Lead | None:
        """The lead whose name or one of whose aliases is `name`, ignoring case and spacing."""
        return self._session.scalar(
            select(Lead).join(LeadAlias).where(LeadAlias.key == name_key(name))
        )

    def create(self, name: str, now: datetime) -> Lead:
        clean = " ".join(name.split())
        lead = Lead(name=clean, created_at=now, users=[])
        lead.aliases.append(LeadAlias(alias=clean, key=name_key(clean)))
        self._session.add(lead)
        self._session.flush()
        return lead

    def get_or_create(self, name: str, now: datetime) -> tuple[Lead, bool]:
        """The lead called `name`, created if new; two callers at once get the same lead."""
        lead = self.by_name(name)
        if lead is not None:
            return lead, False
        clean = " ".join(name.split())
        lead = Lead(name=clean, created_at=now, users=[])
        self._session.add(lead)
        self._session.flush()
        # The unique alias key decides who created the lead; the loser drops its own row.
        won = insert_or_ignore(self._session, ALIASES,
                               [{"lead_id": lead.id, "alias": clean, "key": name_key(clean)}],
                               returning=[ALIASES.c.id])
        if not won:
            self._session.delete(lead)
            self._session.flush()
            winner = self.by_name(clean)
            assert winner is not None, "a unique alias exists, so does its lead"
            return winner, False
        self._session.refresh(lead, ["aliases"])
        return lead, True

    def for_user(self, slack_user_id: str) -> list[Lead]:
        return list(
            self._session.scalars(
                select(Lead).join(LeadUser).where(LeadUser.slack_user_id == slack_user_id)
            )
        )

    def all(self) -> list[Lead]:
        query = select(Lead).options(selectinload(Lead.aliases), selectinload(Lead.users))
        return list(self._session.scalars(query.order_by(Lead.name)))

    def alias_owner(self, alias: str) -> Lead | None:
        return self.by_name(alias)
