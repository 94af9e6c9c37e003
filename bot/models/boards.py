"""Oversight boards, their meetings, and the claims that keep scheduled posts to one each."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.db.base import Base, EnumText, UTCDateTime


class DeadlineChanges(StrEnum):
    """Who may move an action's deadline: its lead alone, or a secretary on the lead's proposal."""

    LEAD = "lead"
    SECRETARY = "secretary"


class Board(Base):
    __tablename__ = "boards"
    __table_args__ = (
        CheckConstraint("deadline_changes IN ('lead', 'secretary')", name="deadline_changes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    short_name: Mapped[str | None] = mapped_column(String(40), unique=True)
    # Where summaries and escalations for this board are posted (a Slack channel id).
    channel_id: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # An RFC 5545 RRULE body (e.g. "FREQ=MONTHLY;INTERVAL=3") counted from meeting_rule_start;
    # its dates are stored as meetings a year ahead so that claims and actions can point at them.
    meeting_rule: Mapped[str | None] = mapped_column(Text)
    meeting_rule_start: Mapped[date | None] = mapped_column(Date)
    # Whether a lead's "done" waits for the board to agree (True) or closes the action (False);
    # None follows the CLOSURE_NEEDS_BOARD setting.
    closure_needs_board: Mapped[bool | None] = mapped_column(Boolean)
    # Who may move a deadline: "lead" or "secretary"; None follows DEADLINE_CHANGES.
    deadline_changes: Mapped[DeadlineChanges | None] = mapped_column(EnumText(DeadlineChanges, 10))

    meetings: Mapped[list[Meeting]] = relationship(
        back_populates="board", cascade="all, delete-orphan", order_by="Meeting.date"
    )
    secretaries: Mapped[list[BoardSecretary]] = relationship(
        back_populates="board",
        cascade="all, delete-orphan",
        lazy="selectin",
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
    # Made from the board's rule, so a new rule may replace it if nothing else refers to it.
    from_rule: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Kept rather than deleted, so the rule does not bring the date back.
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    board: Mapped[Board] = relationship(back_populates="meetings")


class BoardSecretary(Base):
    """A Slack user with secretary rights for one board."""

    __tablename__ = "board_secretaries"

    board_id: Mapped[int] = mapped_column(
        ForeignKey("boards.id", ondelete="CASCADE"), primary_key=True
    )
    slack_user_id: Mapped[str] = mapped_column(String(32), primary_key=True, index=True)

    board: Mapped[Board] = relationship(back_populates="secretaries")


class PostKind(StrEnum):
    SUMMARY = "summary"
    UPDATE_REQUEST = "update-request"


class PostStatus(StrEnum):
    CLAIMED = "claimed"
    SENT = "sent"
    FAILED = "failed"


class ScheduledPost(Base):
    """One scheduled post (a summary, an update request), claimed before it is sent.

    The unique key is what stops a restarted or second scheduler from posting it again.
    """

    __tablename__ = "scheduled_posts"
    __table_args__ = (
        UniqueConstraint("kind", "board_id", "meeting_id", "recipient"),
        CheckConstraint("kind IN ('summary', 'update-request')", name="kind"),
        CheckConstraint("status IN ('claimed', 'sent', 'failed')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[PostKind] = mapped_column(EnumText(PostKind, 20))
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"))
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    # A Slack user id for direct messages; "channel" for the board's channel post.
    recipient: Mapped[str] = mapped_column(String(64))
    status: Mapped[PostStatus] = mapped_column(EnumText(PostStatus, 10), default=PostStatus.CLAIMED)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    error: Mapped[str | None] = mapped_column(Text)
