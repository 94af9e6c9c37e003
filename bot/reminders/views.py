"""What reminders read of an action, as plain values: its deadline, leads and their users, and
its board. A sweep reads a thousand actions and changes none, so it loads these rather than ORM
objects (a tenth of the objects, nothing for the session to track)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.models.actions import Action, Status


@dataclass(frozen=True)
class LeadView:
    id: int
    name: str
    user_ids: tuple[str, ...]  # by Slack user id


@dataclass(frozen=True)
class BoardView:
    name: str
    channel_id: str | None
    secretary_ids: tuple[str, ...]  # by Slack user id


@dataclass(frozen=True)
class ActionView:
    id: int
    description: str
    deadline_end: date | None
    timing_raw: str
    item_no: str | None
    status: Status
    leads: tuple[LeadView, ...]  # in the action's order
    board: BoardView | None
    version: int = 0  # what a button on a reminder carries, so a stale press is refused
    # The latest note anyone wrote on it, and when: "draft with legal, 12 Sept".
    note: str | None = None
    note_at: datetime | None = None
    # The timing the board agreed, when it was kept ("" for none).
    agreed_timing_raw: str | None = None

    @property
    def is_closed(self) -> bool:
        return Status(self.status).is_closed

    @property
    def lead_names(self) -> str:
        return " and ".join(lead.name for lead in self.leads)

    @property
    def moved_from(self) -> str | None:
        """The timing the board agreed, when the deadline is no longer that one."""
        moved = self.agreed_timing_raw is not None and self.agreed_timing_raw != self.timing_raw
        return self.agreed_timing_raw if moved else None

    @classmethod
    def of(cls, action: Action) -> ActionView:
        """The view of a loaded action (its leads, users and board loaded with it)."""
        board = action.board
        return cls(
            id=action.id,
            description=action.description,
            deadline_end=action.deadline_end,
            timing_raw=action.timing_raw,
            item_no=action.item_no,
            status=action.status,
            leads=tuple(LeadView(x.id, x.name, tuple(x.user_ids)) for x in action.leads),
            board=None
            if board is None
            else BoardView(board.name, board.channel_id, tuple(board.secretary_ids)),
            version=action.version,
            agreed_timing_raw=action.agreed_timing_raw,
        )


def is_user(recipient: str) -> bool:
    """Slack user ids start with U or W; channel ids with C or G."""
    return recipient[:1] in ("U", "W")
