"""Claims on Slack requests: the unique key decides, so concurrent deliveries cannot both win."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from bot.db.sql import insert_or_ignore, rows_changed, table_of
from bot.models.inbound import SeenRequest

TABLE = table_of(SeenRequest)


class SeenRequestRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def claim(self, key: str, now: datetime) -> bool:
        """True the first time `key` is seen; False for every later delivery."""
        inserted = insert_or_ignore(
            self._session, TABLE, [{"key": key, "seen_at": now}], returning=[TABLE.c.key]
        )
        return bool(inserted)

    def forget_before(self, moment: datetime) -> int:
        result = self._session.execute(delete(SeenRequest).where(SeenRequest.seen_at < moment))
        return rows_changed(result)
