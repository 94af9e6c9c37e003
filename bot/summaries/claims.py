"""Claims on scheduled posts: a unique row per post, taken before sending; never commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from bot.db.sql import rows_changed
from bot.models.boards import PostStatus, ScheduledPost

# A claim whose sender died is taken over after this long; sending one summary takes seconds.
CLAIM_LEASE = timedelta(minutes=15)
MAX_ATTEMPTS = 3
CHANNEL = "channel"


@dataclass(frozen=True)
class PostKey:
    kind: str
    board_id: int
    meeting_id: int
    recipient: str


class ClaimRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def insert(self, key: PostKey, now: datetime) -> int:
        """Add the claim; raises IntegrityError when the post already has one."""
        row = ScheduledPost(
            kind=key.kind,
            board_id=key.board_id,
            meeting_id=key.meeting_id,
            recipient=key.recipient,
            status=PostStatus.CLAIMED,
            attempts=1,
            claimed_at=now,
        )
        self._session.add(row)
        self._session.flush()
        return row.id

    def retake(self, key: PostKey, now: datetime) -> int | None:
        """Take over a failed claim, or one whose sender stopped; None when it is not free."""
        stale = now - CLAIM_LEASE
        result = self._session.execute(
            update(ScheduledPost)
            .where(
                *_matches(key),
                ScheduledPost.attempts < MAX_ATTEMPTS,
                or_(
                    ScheduledPost.status == PostStatus.FAILED,
                    and_(
                        ScheduledPost.status == PostStatus.CLAIMED, ScheduledPost.claimed_at < stale
                    ),
                ),
            )
            .values(status=PostStatus.CLAIMED, claimed_at=now, attempts=ScheduledPost.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        if rows_changed(result) != 1:
            return None
        return self._session.scalar(select(ScheduledPost.id).where(*_matches(key)))

    def finish(
        self, claim_id: int, now: datetime, *, error: str | None = None, retry: bool = True
    ) -> None:
        values: dict[str, object] = {"status": PostStatus.SENT, "sent_at": now, "error": None}
        if error is not None:
            values = {"status": PostStatus.FAILED, "error": error[:2000]}
            if not retry:
                values["attempts"] = MAX_ATTEMPTS
        self._session.execute(
            update(ScheduledPost)
            .where(ScheduledPost.id == claim_id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )

    def settled(self, kind: str, meeting_id: int) -> set[str]:
        """Recipients whose post is sent, or has used up its attempts: not worth claiming."""
        return set(
            self._session.scalars(
                select(ScheduledPost.recipient).where(
                    ScheduledPost.kind == kind,
                    ScheduledPost.meeting_id == meeting_id,
                    or_(
                        ScheduledPost.status == PostStatus.SENT,
                        ScheduledPost.attempts >= MAX_ATTEMPTS,
                    ),
                )
            )
        )


def _matches(key: PostKey) -> tuple:  # type: ignore[type-arg]
    return (
        ScheduledPost.kind == key.kind,
        ScheduledPost.board_id == key.board_id,
        ScheduledPost.meeting_id == key.meeting_id,
        ScheduledPost.recipient == key.recipient,
    )
