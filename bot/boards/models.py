"""Oversight boards and their meetings."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.db.base import Base, UTCDateTime


class Board(Base):
    __tablename__ = "boards"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    short_name: Mapped[str | None] = mapped_column(String(40), unique=True)
    # Where summaries and escalations for this board are posted (a Slack channel id).
    channel_id: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    meetings: Mapped[list[Meeting]] = relationship(
        back_populates="board", cascade="all, delete-orphan", order_by="Meeting.date"
    )
    secretaries: Mapped[list[BoardSecretary]] = relationship(
        back_populates="board", cascade="all, delete-orphan", lazy="selectin",
        order_by="BoardSecretary.slack_user_id",
    )

    @property
    def secretary_ids(self) -> list[str]:
        return [s.slack_user_id for s in self.secretaries]

    @property
    def label(self) -> str:
        return self.short_name or self.name


class Meeting(Base):
    __tablename__ = "meetings"
    __table_args__ = (UniqueConstraint("board_id", "date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"), index=True)
    date: Mapped[date] = mapped_column(Date)

    board: Mapped[Board] = relationship(back_populates="meetings")


class BoardSecretary(Base):
    """A Slack user with secretary rights for one board."""

    __tablename__ = "board_secretaries"

    board_id: Mapped[int] = mapped_column(
        ForeignKey("boards.id", ondelete="CASCADE"), primary_key=True
    )
    slack_user_id: Mapped[str] = mapped_column(String(32), primary_key=True, index=True)

    board: Mapped[Board] = relationship(back_populates="secretaries")
