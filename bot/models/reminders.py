"""Reminder bookkeeping: deliveries (the source of truth), per-action cursors and Slack profiles."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, EnumText, UTCDateTime

# A cursor at this moment means "look at this action in the next sweep".
LOOK_NOW = datetime(2000, 1, 1, tzinfo=UTC)


class DeliveryState(StrEnum):
    CLAIMED = "claimed"  # a sweep is sending it; retried once retry_at (the lease) has passed
    SENT = "sent"
    FAILED = "failed"  # retried at retry_at, with backoff
    QUEUED = "queued"  # waiting to be sent at retry_at (notices about unreachable leads)
    SKIPPED = "skipped"  # missed while the bot was down, or superseded before it was sent
    GAVE_UP = "gave_up"  # failed MAX_SEND_ATTEMPTS times, or Slack refused it for good


class DeliveryKind(StrEnum):
    REMINDER = "reminder"  # to a lead's user, before, on or after the due date
    ESCALATION = "escalation"  # to the board secretary, long overdue
    UNREACHABLE = "unreachable"  # to the board secretary: a lead could not be reached


class Account(StrEnum):
    """A Slack account as users.info last described it."""

    ACTIVE = "active"
    DEACTIVATED = "deactivated"
    MISSING = "missing"  # users.info answered user_not_found


class Delivery(Base):
    """One reminder to one recipient about one deadline of one action: claimed before sending.

    The unique key makes a second claim of the same reminder fail, whichever process tries.
    """

    __tablename__ = "reminder_deliveries"
    __table_args__ = (
        UniqueConstraint("action_id", "recipient", "rule", "deadline"),
        CheckConstraint(
            "state IN ('claimed', 'sent', 'failed', 'queued', 'skipped', 'gave_up')", name="state"
        ),
        CheckConstraint("kind IN ('reminder', 'escalation', 'unreachable')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"))
    # The Slack user or channel the message goes to.
    recipient: Mapped[str] = mapped_column(String(64))
    # "before-7", "due", "overdue-14", "escalate-14", or "unreachable-<who>".
    rule: Mapped[str] = mapped_column(String(80))
    deadline: Mapped[date] = mapped_column(Date)
    kind: Mapped[DeliveryKind] = mapped_column(EnumText(DeliveryKind, 12))
    state: Mapped[DeliveryState] = mapped_column(EnumText(DeliveryState, 12))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # Which sweep holds the claim, so a sweep that lost its lease cannot record over another.
    claim_token: Mapped[str | None] = mapped_column(String(32))
    # When the row needs a sweep's attention again; NULL once it is settled. Only rows with work
    # left have a value, so the retry query reads a short index range.
    retry_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The last Slack error, or why a lead could not be reached.
    error: Mapped[str | None] = mapped_column(String(300))


class SentMessage(Base):
    """A reminder message as Slack stored it (its channel and ts), with each action it is about:
    a reply in its thread becomes a note on one of them."""

    __tablename__ = "reminder_messages"
    __table_args__ = (UniqueConstraint("channel", "ts", "action_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(32))
    ts: Mapped[str] = mapped_column(String(32))
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    # The user or channel it was sent to, and which kind: reminder, nudge or escalation.
    recipient: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(12))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Cursor(Base):
    """When a sweep next needs to look at an open action: its next reminder, or LOOK_NOW.

    Sweeps read only cursors whose moment has come, so a sweep costs what is due, not what is
    stored. Writing an action or mapping a lead's user moves the cursor to LOOK_NOW (see
    bot/reminders/cursors.py); `generation` counts those moves so a sweep that read an older
    generation does not overwrite a newer one.
    """

    __tablename__ = "reminder_cursors"

    action_id: Mapped[int] = mapped_column(
        ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True
    )
    next_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    generation: Mapped[int] = mapped_column(Integer, default=0)


class Profile(Base):
    """What Slack's users.info said about a user: time zone, account state and the name papers
    show, asked again after three days (bot/reminders/profiles.py)."""

    __tablename__ = "reminder_profiles"
    __table_args__ = (
        CheckConstraint("account IN ('active', 'deactivated', 'missing')", name="account"),
    )

    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    tz: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str | None] = mapped_column(String(200))
    account: Mapped[Account] = mapped_column(EnumText(Account, 12))
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Snooze(Base):
    """A recipient put off their reminders about one action until a day (in their own zone).

    One row per (action, recipient): a later snooze replaces the earlier. The reminder policy
    holds that person's reminders until then, except the deadline's own and an escalation.
    """

    __tablename__ = "reminder_snoozes"

    action_id: Mapped[int] = mapped_column(
        ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True
    )
    recipient: Mapped[str] = mapped_column(String(64), primary_key=True)
    until: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
