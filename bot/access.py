"""Who is acting, and what their rights reach: every board, some boards, or none."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """A secretary of every board (SECRETARY_USER_IDS), of some boards, or neither."""

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
