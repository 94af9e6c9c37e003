"""Telling secretaries that a deadline moved, or that a lead proposes to move it."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bot.actions.deadlines import DeadlineMove
from bot.actions.repository import ActionRepository
from bot.reminders.digest import Digest, build_item
from bot.reminders.policy import ReminderPolicy
from bot.reminders.ports import Notifier
from bot.reminders.views import ActionView

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Announced:
    """Who was told of a move, and (who, why) for each message that failed."""

    told: tuple[str, ...] = ()
    missed: tuple[tuple[str, str], ...] = ()


def recipients(
    move: DeadlineMove, board_secretaries: list[str], policy: ReminderPolicy
) -> list[str]:
    """The board's secretaries, else every board's (as for escalations), and the proposer of a
    decided proposal; never whoever made the change."""
    people = list(board_secretaries or policy.secretary_ids)
    if move.decided_by is not None:
        people.append(move.mover)
    actor = move.decided_by or move.mover
    return [p for p in dict.fromkeys(people) if p != actor]


def announce(
    move: DeadlineMove,
    *,
    sessions: sessionmaker[Session],
    notifier: Notifier,
    policy: ReminderPolicy,
    now: datetime,
) -> Announced:
    """Send the notice by DM; a failure is reported and logged, never raised: the change it
    tells of is already saved."""
    with sessions.begin() as session:
        action = ActionRepository(session).get(move.action_id)
        if action is None:
            return Announced()
        view = ActionView.of(action)
        board = action.board.secretary_ids if action.board is not None else []
        people = recipients(move, board, policy)
    tz = policy.default_tz
    item = build_item(0, view, kind="move", rule="move", reason=None, tz=tz, now=now)
    today = now.astimezone(ZoneInfo(tz)).date()
    told: list[str] = []
    missed: list[tuple[str, str]] = []
    for user in people:
        try:
            outcomes = notifier.send_digest(Digest(user, today, (item,), move=move))
        except Exception as exc:  # the saved change must not look failed because a DM did
            log.exception("telling %s of a deadline move failed", user)
            outcomes = []
            missed.append((user, f"{type(exc).__name__}: {exc}"))
            continue
        errors = [out.error or "unknown error" for out in outcomes if not out.ok]
        if errors:
            log.warning("telling %s of a deadline move failed: %s", user, errors[0])
            missed.append((user, errors[0]))
        else:
            told.append(user)
    return Announced(tuple(told), tuple(missed))
