"""One row per verified Slack request or event id, kept for the signature's 5-minute window."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, UTCDateTime


class SeenRequest(Base):
    """A request's unique key (its signature, or "event:<event_id>"); the insert is the claim."""

    __tablename__ = "seen_requests"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
