"""Actions agreed at board meetings, who leads them, and their append-only history."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Protocol

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.db.base import Base, EnumText, UTCDateTime
from bot.models.boards import Board, Meeting
from bot.models.leads import Lead
from bot.timing import Deadline, Granularity


class Status(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in-progress"
    BLOCKED = "blocked"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def is_closed(self) -> bool:
        return self in (Status.DONE, Status.DROPPED)


OPEN_STATUSES = tuple(s.value for s in Status if not s.is_closed)
CLOSED_STATUSES = tuple(s.value for s in Status if s.is_closed)


def status_in(statuses: tuple[str, ...], column: str = "status") -> str:
    """SQL for "status is one of these", with the values written out rather than bound, so that
    the planner can prove a query's rows are in a partial index below (SQLite compares the
    terms as written; PostgreSQL needs constants)."""
    return f"{column} IN (" + ", ".join(f"'{s}'" for s in statuses) + ")"


IS_OPEN_SQL = status_in(OPEN_STATUSES)
IS_CLOSED_SQL = status_in(CLOSED_STATUSES)


class ActionFields(Protocol):
    """The fields `ActionTraits` reads, whichever way the action was read."""

    @property
    def status(self) -> Status: ...
    @property
    def deadline_end(self) -> date | None: ...
    @property
    def timing_raw(self) -> str: ...
    @property
    def agreed_timing_raw(self) -> str | None: ...
    @property
    def closure_confirmed_at(self) -> datetime | None: ...


class ActionTraits:
    """What follows from an action's fields, alike for the mapped `Action` and the plain
    `ActionRow` that cards and lists are read as (bot/models/shown.py)."""

    @property
    def due(self: ActionFields) -> date | None:
        return self.deadline_end

    @property
    def is_closed(self: ActionFields) -> bool:
        return Status(self.status).is_closed

    @property
    def closed_by_board(self: ActionFields) -> bool:
        return self.status == Status.DONE and self.closure_confirmed_at is not None

    @property
    def agreed_timing(self: ActionFields) -> str:
        """The timing the board agreed, as written; the current one when none was kept."""
        return self.timing_raw if self.agreed_timing_raw is None else self.agreed_timing_raw

    @property
    def deadline_moved(self: ActionFields) -> bool:
        return self.agreed_timing_raw is not None and self.agreed_timing_raw != self.timing_raw

    def is_overdue(self: ActionFields, today: date) -> bool:
        return (
            not Status(self.status).is_closed
            and self.deadline_end is not None
            and self.deadline_end < today
        )


class Action(ActionTraits, Base):
    __tablename__ = "actions"
    __table_args__ = (
        CheckConstraint(
            "status IN ('open', 'in-progress', 'blocked', 'done', 'dropped')", name="status"
        ),
        # The list and reminder queries filter on status and order or range on the due date.
        Index("ix_actions_status_deadline_end", "status", "deadline_end"),
        Index("ix_actions_source_ref_item_no", "source_ref", "item_no"),
        # Lists page through these in order, reading a page's rows and no more.
        Index(
            "ix_actions_open_by_due",
            "deadline_end",
            "id",
            sqlite_where=text(IS_OPEN_SQL),
            postgresql_where=text(IS_OPEN_SQL),
        ),
        Index(
            "ix_actions_closed_by_update",
            "updated_at",
            "id",
            sqlite_where=text(IS_CLOSED_SQL),
            postgresql_where=text(IS_CLOSED_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int | None] = mapped_column(
        ForeignKey("boards.id", ondelete="SET NULL"), index=True
    )
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL"), index=True
    )
    item_no: Mapped[str | None] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text)
    timing_raw: Mapped[str] = mapped_column(String(200), default="")
    deadline_start: Mapped[date | None] = mapped_column(Date)
    deadline_end: Mapped[date | None] = mapped_column(Date)
    granularity: Mapped[Granularity] = mapped_column(
        EnumText(Granularity, 10), default=Granularity.NONE
    )
    # The deadline the board agreed, set when the action is added or imported and kept when
    # the current one above moves, so that papers can show how far an action has slipped.
    agreed_timing_raw: Mapped[str | None] = mapped_column(String(200))
    agreed_deadline_start: Mapped[date | None] = mapped_column(Date)
    agreed_deadline_end: Mapped[date | None] = mapped_column(Date)
    agreed_granularity: Mapped[Granularity | None] = mapped_column(EnumText(Granularity, 10))
    status: Mapped[Status] = mapped_column(EnumText(Status, 12), default=Status.OPEN)
    forum: Mapped[str | None] = mapped_column(Text)
    source_ref: Mapped[str | None] = mapped_column(String(100))
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Done, but its board closes actions itself and has yet to agree: proposed for closure.
    closure_pending: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # When a secretary recorded that the board closed it, and the date of the board's meeting
    # that agreed (with board_id it names the meeting; a date, so no meeting row is pinned).
    closure_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closure_confirmed_by: Mapped[str | None] = mapped_column(String(64))
    closure_meeting_date: Mapped[date | None] = mapped_column(Date)

    board: Mapped[Board | None] = relationship(lazy="joined")
    meeting: Mapped[Meeting | None] = relationship(lazy="joined")
    lead_links: Mapped[list[ActionLead]] = relationship(
        back_populates="action",
        cascade="all, delete-orphan",
        order_by="ActionLead.position",
        lazy="selectin",
    )
    events: Mapped[list[ActionEvent]] = relationship(
        back_populates="action", order_by="ActionEvent.id", cascade="all"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy reads it)

    @property
    def leads(self) -> list[Lead]:
        return [link.lead for link in self.lead_links]

    @property
    def lead_names(self) -> str:
        return " and ".join(lead.name for lead in self.leads)

    @property
    def board_name(self) -> str | None:
        return None if self.board is None else self.board.name

    @property
    def meeting_date(self) -> date | None:
        return None if self.meeting is None else self.meeting.date

    def set_deadline(self, deadline: Deadline) -> None:
        """Keep the timing as written and the window it was read as."""
        self.timing_raw = deadline.raw
        self.deadline_start = deadline.start
        self.deadline_end = deadline.end
        self.granularity = deadline.granularity

    def agree_deadline(self, deadline: Deadline) -> None:
        """Set the deadline the board agreed, and the current one with it."""
        self.set_deadline(deadline)
        self.agreed_timing_raw = deadline.raw
        self.agreed_deadline_start = deadline.start
        self.agreed_deadline_end = deadline.end
        self.agreed_granularity = deadline.granularity


class ActionLead(Base):
    __tablename__ = "action_leads"
    __table_args__ = (
        # One lead's open actions in deadline order (the lists of one lead or person).
        Index("ix_action_leads_open_by_due", "lead_id", "is_open", "deadline_end", "action_id"),
    )

    action_id: Mapped[int] = mapped_column(
        ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True
    )
    lead_id: Mapped[int] = mapped_column(
        ForeignKey("leads.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Copies of the action's open state and deadline, kept by the database's triggers
    # (migration 0013) and never written here: they let one lead's list read an index.
    is_open: Mapped[bool] = mapped_column(server_default=false())
    deadline_end: Mapped[date | None] = mapped_column(Date)

    action: Mapped[Action] = relationship(back_populates="lead_links")
    lead: Mapped[Lead] = relationship(lazy="joined")


class ActionEvent(Base):
    """One change to an action. Rows are only ever added."""

    __tablename__ = "action_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(String(64))
    field: Mapped[str | None] = mapped_column(String(40))
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)

    action: Mapped[Action] = relationship(back_populates="events")


class ActionsChanged(Base):
    """One row that the database changes with every action added, removed, closed, reopened
    or given a new deadline, and every lead linked to an action or unlinked (triggers of
    migrations 0014 and 0015; never written here). A list keeps its count while this row stays
    the same (bot/actions/pages.py)."""

    __tablename__ = "actions_changed"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    changes: Mapped[int] = mapped_column(BigInteger)
