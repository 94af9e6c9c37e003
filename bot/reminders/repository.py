"""Queries on deliveries, cursors and profiles; never commits (the service owns transactions)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, delete, exists, select, update
from sqlalchemy.orm import Session, selectinload

from bot.models.actions import OPEN_STATUSES, Action, ActionLead
from bot.models.leads import Lead
from bot.models.reminders import Cursor, Delivery, DeliveryState, Profile
from bot.db.sql import insert_or_ignore, upsert

# Keeps every IN list well inside SQLite's limit on bound parameters.
CHUNK = 500
_OPEN_WORK = (DeliveryState.CLAIMED, DeliveryState.FAILED, DeliveryState.QUEUED)


def chunks(values: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


class ReminderRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    # Finding work.

    def due_cursors(self, now: datetime, limit: int) -> list[tuple[int, int]]:
        """(action id, generation) of cursors whose moment has come, oldest first."""
        query = (select(Cursor.action_id, Cursor.generation).where(Cursor.next_at <= now)
                 .order_by(Cursor.next_at, Cursor.action_id).limit(limit))
        return [(row.action_id, row.generation) for row in self._session.execute(query)]

    def unscheduled_actions(self, latest_due: date, limit: int) -> list[int]:
        """Open actions due by `latest_due` that have no cursor: written behind the ORM's back."""
        no_cursor = ~exists().where(Cursor.action_id == Action.id)
        query = (select(Action.id)
                 .where(Action.status.in_(OPEN_STATUSES), Action.deadline_end <= latest_due,
                        no_cursor)
                 .order_by(Action.deadline_end, Action.id).limit(limit))
        return list(self._session.scalars(query))

    def due_retries(self, now: datetime, limit: int) -> list[Delivery]:
        query = (select(Delivery).where(Delivery.retry_at <= now,
                                        Delivery.state.in_(_OPEN_WORK))
                 .order_by(Delivery.retry_at, Delivery.id).limit(limit))
        return list(self._session.scalars(query))

    def actions(self, ids: Iterable[int]) -> dict[int, Action]:
        """The actions with everything a reminder shows or needs: leads, users, board."""
        found: dict[int, Action] = {}
        options = (selectinload(Action.lead_links).joinedload(ActionLead.lead)
                   .selectinload(Lead.users))
        for part in chunks(sorted(set(ids))):
            query = select(Action).where(Action.id.in_(part)).options(options)
            found.update((a.id, a) for a in self._session.scalars(query).unique())
        return found

    def claimed_rules(self, deadlines: dict[int, date]) -> dict[tuple[int, str, date], set[str]]:
        """Rule keys already in the table for each action's current deadline, whatever their
        state, per (action, recipient, deadline)."""
        found: dict[tuple[int, str, date], set[str]] = {}
        current = and_(Action.id == Delivery.action_id, Action.deadline_end == Delivery.deadline)
        for part in chunks(sorted(deadlines)):
            query = (select(Delivery.action_id, Delivery.recipient, Delivery.rule)
                     .join(Action, current).where(Delivery.action_id.in_(part)))
            for action_id, recipient, rule in self._session.execute(query):
                key = (action_id, recipient, deadlines[action_id])
                found.setdefault(key, set()).add(rule)
        return found

    # Profiles.

    def profiles(self, user_ids: Iterable[str]) -> dict[str, Profile]:
        found: dict[str, Profile] = {}
        for part in chunks(sorted(set(user_ids))):
            query = select(Profile).where(Profile.user_id.in_(part))
            found.update((p.user_id, p) for p in self._session.scalars(query))
        return found

    def save_profiles(self, rows: list[dict[str, Any]]) -> None:
        for part in chunks(rows):
            upsert(self._session, Profile.__table__, part)

    # Claiming, and recording what happened.

    def claim(self, rows: list[dict[str, Any]]) -> list[tuple[int, int, str, str]]:
        """Insert `rows`; returns (id, action, recipient, rule) of those this caller now owns.

        Rows go in one statement in key order, so two sweeps claiming the same reminders meet
        on the first one and the later sweep ends up with none of them, not half of each digest.
        """
        ordered = sorted(rows, key=lambda r: (r["recipient"], r["action_id"], r["rule"]))
        table = Delivery.__table__
        won = insert_or_ignore(self._session, table, ordered,
                               returning=(table.c.id, table.c.action_id, table.c.recipient,
                                          table.c.rule))
        return [(int(r[0]), int(r[1]), str(r[2]), str(r[3])) for r in won]

    def reclaim(self, delivery: Delivery, *, token: str, now: datetime,
                lease: timedelta) -> bool:
        """Take over a row waiting for a retry, unless another sweep took it first."""
        result = self._session.execute(
            update(Delivery)
            .where(Delivery.id == delivery.id, Delivery.state == delivery.state,
                   Delivery.retry_at == delivery.retry_at, Delivery.retry_at <= now)
            .values(state=DeliveryState.CLAIMED.value, claim_token=token, retry_at=now + lease,
                    attempts=Delivery.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1

    def defer(self, delivery_id: int, retry_at: datetime) -> None:
        self._session.execute(update(Delivery).where(Delivery.id == delivery_id)
                              .values(retry_at=retry_at)
                              .execution_options(synchronize_session=False))

    def still_mine(self, ids: Sequence[int], token: str) -> set[int]:
        found: set[int] = set()
        for part in chunks(ids):
            query = select(Delivery.id).where(Delivery.id.in_(part),
                                              Delivery.claim_token == token,
                                              Delivery.state == DeliveryState.CLAIMED.value)
            found.update(self._session.scalars(query))
        return found

    def settle(self, ids: Sequence[int], token: str | None, **values: Any) -> None:
        """Set `values` on the rows, only where this sweep's claim still holds (when a token is
        given): a sweep that overran its lease must not overwrite the sweep that took over."""
        for part in chunks(ids):
            condition = Delivery.id.in_(part)
            if token is not None:
                condition = and_(condition, Delivery.claim_token == token,
                                 Delivery.state == DeliveryState.CLAIMED.value)
            self._session.execute(update(Delivery.__table__).where(condition).values(**values))

    def attempts(self, ids: Sequence[int]) -> dict[int, int]:
        found: dict[int, int] = {}
        for part in chunks(ids):
            query = select(Delivery.id, Delivery.attempts).where(Delivery.id.in_(part))
            found.update((row.id, row.attempts) for row in self._session.execute(query))
        return found

    def queue(self, rows: list[dict[str, Any]]) -> None:
        insert_or_ignore(self._session, Delivery.__table__, rows)

    # Cursors.

    def move_cursors(self, moves: list[tuple[int, int | None, datetime | None]]) -> None:
        """(action, generation read, next moment): None generation means the sweep found the
        action without a cursor; None moment means the action needs no more reminders."""
        table = Cursor.__table__
        moved = [{"aid": a, "gen": g, "next": n} for a, g, n in moves if g is not None and n]
        dropped = [{"aid": a, "gen": g} for a, g, n in moves if g is not None and n is None]
        created = [{"action_id": a, "next_at": n, "generation": 0}
                   for a, g, n in moves if g is None and n is not None]
        matches = and_(table.c.action_id == bindparam("aid"),
                       table.c.generation == bindparam("gen"))
        if moved:
            self._session.execute(update(table).where(matches)
                                  .values(next_at=bindparam("next")), moved)
        if dropped:
            self._session.execute(delete(table).where(matches), dropped)
        insert_or_ignore(self._session, table, created)
