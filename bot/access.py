"""Who is acting, and what their rights reach: every board, some boards, or none.

A command names its caller; the service reads the caller's rights inside the transaction that
acts on them, so a right removed a moment ago is not used, and one command is one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models.boards import BoardSecretary


@dataclass(frozen=True)
class Actor:
    """Rights as read: a secretary of every board (SECRETARY_USER_IDS), of some boards, or
    neither. An Actor built by hand (the cli's operator, a test) is taken as it is."""

    user_id: str
    is_secretary: bool
    secretary_of: frozenset[int] = frozenset()

    def manages(self, board_id: int | None) -> bool:
        return self.is_secretary or (board_id is not None and board_id in self.secretary_of)

    def manages_all(self, board_ids: Iterable[int | None]) -> bool:
        return all(self.manages(board_id) for board_id in board_ids)

    @property
    def is_any_secretary(self) -> bool:
        return self.is_secretary or bool(self.secretary_of)

    def rights(self, session: Session) -> Actor:
        return self


class Caller(Protocol):
    """Whoever a service acts for; `rights` is called inside the service's transaction."""

    @property
    def user_id(self) -> str: ...

    def rights(self, session: Session) -> Actor: ...


@dataclass(frozen=True)
class SlackUser:
    """A Slack user, whose rights are read when a service acts for them."""

    user_id: str
    # SECRETARY_USER_IDS; empty means everyone is a secretary of every board.
    global_secretaries: frozenset[str] = frozenset()

    def rights(self, session: Session) -> Actor:
        everyone = not self.global_secretaries
        return Actor(
            self.user_id,
            everyone or self.user_id in self.global_secretaries,
            SecretaryRepository(session).boards_of(self.user_id),
        )


class SecretaryRepository:
    """Which boards a user is a secretary of."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def boards_of(self, slack_user_id: str) -> frozenset[int]:
        return frozenset(
            self._session.scalars(
                select(BoardSecretary.board_id).where(BoardSecretary.slack_user_id == slack_user_id)
            )
        )
