"""Queries on leads; never commits (the service owns the transaction)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.db.sql import insert_or_ignore, table_of
from bot.models.actions import Action, ActionLead
from bot.models.boards import Board
from bot.models.leads import Lead, LeadAlias, LeadEvent, LeadEventKind, LeadUser, name_key

ALIASES = table_of(LeadAlias)


class LeadRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def by_name(self, name: str) -> Lead | None:
        """The lead whose name or one of whose aliases is `name`, ignoring case and spacing."""
        return self._session.scalar(
            select(Lead).join(LeadAlias).where(LeadAlias.key == name_key(name))
        )

    def every_name(self) -> dict[str, tuple[str, int, bool]]:
        """Every lead's name and alias by its key (`name_key`): the lead's name as stored, its id
        and whether anyone is mapped to it. One statement, for reading many names at once."""
        mapped = select(LeadUser.lead_id).where(LeadUser.lead_id == Lead.id).exists()
        rows = self._session.execute(
            select(LeadAlias.key, Lead.name, Lead.id, mapped).join(
                Lead, Lead.id == LeadAlias.lead_id
            )
        )
        return {key: (name, lead_id, bool(users)) for key, name, lead_id, users in rows}

    def id_by_name(self, name: str) -> int | None:
        """`by_name`'s lead's id alone: without loading its people and other names."""
        return self._session.scalar(
            select(LeadAlias.lead_id).where(LeadAlias.key == name_key(name))
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
        won = insert_or_ignore(
            self._session,
            ALIASES,
            [{"lead_id": lead.id, "alias": clean, "key": name_key(clean)}],
            returning=[ALIASES.c.id],
        )
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

    def board_names_of(self, lead_id: int) -> dict[int | None, str]:
        """The boards the lead has actions on, by id (None: actions on no board)."""
        rows = self._session.execute(
            select(Action.board_id, Board.name)
            .distinct()
            .join(ActionLead, ActionLead.action_id == Action.id)
            .outerjoin(Board, Board.id == Action.board_id)
            .where(ActionLead.lead_id == lead_id)
        )
        return {board_id: name or "actions with no board" for board_id, name in rows}

    def record(
        self, lead: Lead, actor: str, at: datetime, kind: LeadEventKind, detail: str
    ) -> None:
        self._session.add(
            LeadEvent(lead_id=lead.id, actor_user_id=actor, at=at, kind=kind, detail=detail)
        )

    def history(self, lead_id: int) -> list[LeadEvent]:
        return list(
            self._session.scalars(
                select(LeadEvent)
                .where(LeadEvent.lead_id == lead_id)
                .order_by(LeadEvent.at, LeadEvent.id)
            )
        )

    def alias_owner(self, alias: str) -> Lead | None:
        return self.by_name(alias)
