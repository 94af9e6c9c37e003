"""Imports waiting for the user's Confirm: what was read and what they were shown."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, UTCDateTime


class PendingImport(Base):
    """One previewed import. The content is kept, not the plan, so that Confirm works in any
    process after a restart and re-plans against the database as it is then."""

    __tablename__ = "pending_imports"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64))
    board: Mapped[str] = mapped_column(String(200))
    meeting_date: Mapped[date | None] = mapped_column(Date)
    source_ref: Mapped[str | None] = mapped_column(String(100))
    default_lead: Mapped[str | None] = mapped_column(String(200))
    # None for pasted text; otherwise the uploaded file's name, which picks its reader.
    filename: Mapped[str | None] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    # What the user saw: Confirm writes only if planning again gives the same digest.
    plan_digest: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
