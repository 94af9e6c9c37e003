"""Leads (who owns an action), their aliases and the Slack users they map to."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from typing import assert_never

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.db.base import Base, EnumText, UTCDateTime


def name_key(name: str) -> str:
    """The case- and space-insensitive form a lead name or alias is matched by."""
    return " ".join(name.split()).casefold()


class Lead(Base):
    __tablename__ = "leads"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    aliases: Mapped[list[LeadAlias]] = relationship(
        back_populates="lead",
        cascade="all, delete-orphan",
        order_by="LeadAlias.alias",
        lazy="selectin",
    )
    users: Mapped[list[LeadUser]] = relationship(
        back_populates="lead",
        cascade="all, delete-orphan",
        order_by="LeadUser.slack_user_id",
        lazy="selectin",
    )

    @property
    def user_ids(self) -> list[str]:
        return [u.slack_user_id for u in self.users]


class LeadAlias(Base):
    """Every name a lead answers to, its own name included; `key` is unique."""

    __tablename__ = "lead_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200), unique=True)

    lead: Mapped[Lead] = relationship(back_populates="aliases")


class LeadUser(Base):
    __tablename__ = "lead_users"

    lead_id: Mapped[int] = mapped_column(
        ForeignKey("leads.id", ondelete="CASCADE"), primary_key=True
    )
    slack_user_id: Mapped[str] = mapped_column(String(32), primary_key=True, index=True)

    lead: Mapped[Lead] = relationship(back_populates="users")


class LeadEventKind(StrEnum):
    CREATED = "created"
    USER_ADDED = "user_added"
    ALIAS_ADDED = "alias_added"


class LeadEvent(Base):
    """Append-only history of a lead's people and names: who changed what, and when."""

    __tablename__ = "lead_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_user_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[LeadEventKind] = mapped_column(EnumText(LeadEventKind, 32))
    detail: Mapped[str] = mapped_column(Text, default="")

    def describe(self, mention: Callable[[str], str]) -> str:
        """What changed, for a person: `mention` renders a Slack user id in the medium."""
        match self.kind:
            case LeadEventKind.CREATED:
                return "created the lead"
            case LeadEventKind.USER_ADDED:
                return f"added {mention(self.detail)}"
            case LeadEventKind.ALIAS_ADDED:
                return f"added the other name {self.detail}"
            case _:
                assert_never(self.kind)
