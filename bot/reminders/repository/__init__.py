"""Queries on deliveries, cursors and profiles; never commits: its callers own the transactions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, delete, exists, func, select, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from bot.db.sql import insert_or_ignore, rows_changed, table_of, upsert
from bot.models.actions import OPEN_STATUSES, Action
from bot.models.reminders import Cursor, Delivery, DeliveryState, Profile
from bot.reminders.policy import RULE_SEPARATOR, Claim, Claimed
from bot.reminders.repository.actions import chunks, load_actions
from bot.reminders.views import ActionView

_OPEN_WORK = (DeliveryState.CLAIMED, DeliveryState.FAILED, DeliveryState.QUEUED)


@dataclass(frozen=True)
class Due:
    """What a sweep finds to do: the actions of due cursors and retries, and what is claimed."""

    actions: dict[int, ActionView]
    # Action id -> the cursor generation read; None for an action found without a cursor.
    cursors: dict[int, int | None]
    claimed: Claimed
    retries: list[Delivery]


class ReminderRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    # Finding work.

    def due(self, now: datetime, *, limit: int, unscheduled_by: date | None = None) -> Due:
        """Cursors whose moment has come and rows whose retry is due (at most `limit` of each),
        the actions behind them, and the rule keys claimed for those actions' current deadlines.
        With `unscheduled_by`, also open actions due by then that have no cursor."""
        cursors: dict[int, int | None] = dict(self.due_cursors(now, limit))
        if unscheduled_by is not None:
            for action_id in self.unscheduled_actions(unscheduled_by, limit):
                cursors.setdefault(action_id, None)
        retries = self.due_retries(now, limit)
        actions = self.actions([*cursors, *(r.action_id for r in retries)])
        live = [a for a in cursors if a in actions and not actions[a].is_closed]
        deadlines = {a: d for a in live if (d := actions[a].deadline_end) is not None}
        return Due(actions, cursors, self.claimed_rules(deadlines), retries)

    def due_cursors(self, now: datetime, limit: int) -> list[tuple[int, int]]:
        """(action id, generation) of cursors whose moment has come, oldest first."""
        query = (
            select(Cursor.action_id, Cursor.generation)
            .where(Cursor.next_at <= now)
            .order_by(Cursor.next_at, Cursor.action_id)
            .limit(limit)
        )
        return [(row.action_id, row.generation) for row in self._session.execute(query)]

    def unscheduled_actions(self, latest_due: date, limit: int) -> list[int]:
        """Open actions due by `latest_due` that have no cursor: written behind the ORM's back."""
        no_cursor = ~exists().where(Cursor.action_id == Action.id)
        query = (
            select(Action.id)
            .where(Action.status.in_(OPEN_STATUSES), Action.deadline_end <= latest_due, no_cursor)
            .order_by(Action.deadline_end, Action.id)
            .limit(limit)
        )
        return list(self._session.scalars(query))

    def due_retries(self, now: datetime, limit: int) -> list[Delivery]:
        query = (
            select(Delivery)
            .where(Delivery.retry_at <= now, Delivery.state.in_(_OPEN_WORK))
            .order_by(Delivery.retry_at, Delivery.id)
            .limit(limit)
        )
        return list(self._session.scalars(query))

    def actions(self, ids: Iterable[int]) -> dict[int, ActionView]:
        """The actions with everything a reminder shows or needs: leads, users, board."""
        return load_actions(self._session, ids)

    def claimed_rules(self, deadlines: dict[int, date]) -> dict[tuple[int, str, date], str]:
        """Rule keys in the table for each action's current deadline, whatever their state, per
        (action, recipient, deadline); joined in SQL, so one row per recipient, not per week."""
        found: dict[tuple[int, str, date], str] = {}
        rules = func.aggregate_strings(Delivery.rule, RULE_SEPARATOR)
        current = and_(Action.id == Delivery.action_id, Action.deadline_end == Delivery.deadline)
        for part in chunks(sorted(deadlines)):
            query = (
                select(Delivery.action_id, Delivery.recipient, rules)
                .join(Action, current)
                .where(Delivery.action_id.in_(part))
                .group_by(Delivery.action_id, Delivery.recipient)
            )
            for action_id, recipient, joined in self._session.execute(query):
                found[(action_id, recipient, deadlines[action_id])] = joined
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
            upsert(self._session, table_of(Profile), part)

    # Claiming, and recording what happened.

    def claim(
        self, claims: Sequence[Claim], *, token: str, now: datetime, lease: timedelta
    ) -> list[tuple[int, int, str, str]]:
        """Insert a row for each claim; returns (id, action, recipient, rule) of those this caller
        now owns.

        Rows go in one statement in key order, so two sweeps claiming the same reminders meet
        on the first one and the later sweep ends up with none of them, not half of each digest.
        """
        rows = [_row(claim, now=now, token=token, lease=lease) for claim in claims]
        ordered = sorted(rows, key=lambda r: (r["recipient"], r["action_id"], r["rule"]))
        table = table_of(Delivery)
        if ordered and self._session.get_bind().dialect.name == "postgresql":
            won = _insert_arrays(self._session, ordered)
        else:
            returning = (table.c.id, table.c.action_id, table.c.recipient, table.c.rule)
            won = insert_or_ignore(self._session, table, ordered, returning=returning)
        return [(int(r[0]), int(r[1]), str(r[2]), str(r[3])) for r in won]

    def reclaim(self, delivery: Delivery, *, token: str, now: datetime, lease: timedelta) -> bool:
        """Take over a row waiting for a retry, unless another sweep took it first."""
        result = self._session.execute(
            update(Delivery)
            .where(
                Delivery.id == delivery.id,
                Delivery.state == delivery.state,
                Delivery.retry_at == delivery.retry_at,
                Delivery.retry_at <= now,
            )
            .values(
                state=DeliveryState.CLAIMED.value,
                claim_token=token,
                retry_at=now + lease,
                attempts=Delivery.attempts + 1,
            )
            .execution_options(synchronize_session=False)
        )
        return rows_changed(result) == 1

    def defer(self, delivery_id: int, retry_at: datetime) -> None:
        self._session.execute(
            update(Delivery)
            .where(Delivery.id == delivery_id)
            .values(retry_at=retry_at)
            .execution_options(synchronize_session=False)
        )

    def still_mine(self, ids: Sequence[int], token: str) -> set[int]:
        found: set[int] = set()
        for part in chunks(ids):
            query = select(Delivery.id).where(
                Delivery.id.in_(part),
                Delivery.claim_token == token,
                Delivery.state == DeliveryState.CLAIMED.value,
            )
            found.update(self._session.scalars(query))
        return found

    def mark_sent(self, ids: Sequence[int], token: str, *, at: datetime) -> None:
        self._settle(
            ids, token, state=DeliveryState.SENT.value, sent_at=at, retry_at=None, error=None
        )

    def mark_failed(
        self, ids: Sequence[int], token: str, *, retry_at: datetime, error: str
    ) -> None:
        self._settle(ids, token, state=DeliveryState.FAILED.value, retry_at=retry_at, error=error)

    def give_up(self, ids: Sequence[int], token: str, *, error: str) -> None:
        self._settle(ids, token, state=DeliveryState.GAVE_UP.value, retry_at=None, error=error)

    def release(self, ids: Sequence[int], token: str, *, at: datetime) -> None:
        """Give back rows this sweep claimed and did not try: due again at `at`, for any sweep,
        and the try they were claimed for not counted."""
        deliveries = table_of(Delivery)
        self._settle(ids, token, claim_token=None, retry_at=at, attempts=deliveries.c.attempts - 1)

    def drop(self, delivery_id: int, *, reason: str) -> None:
        """Settle a waiting row without sending it: it no longer means anything."""
        self._settle(
            [delivery_id], None, state=DeliveryState.SKIPPED.value, retry_at=None, error=reason
        )

    def _settle(self, ids: Sequence[int], token: str | None, **values: Any) -> None:
        """Set `values` on the rows, only where this sweep's claim still holds (when a token is
        given): a sweep that overran its lease must not overwrite the sweep that took over."""
        for part in chunks(ids):
            condition: ColumnElement[bool] = Delivery.id.in_(part)
            if token is not None:
                condition = and_(
                    condition,
                    Delivery.claim_token == token,
                    Delivery.state == DeliveryState.CLAIMED.value,
                )
            self._session.execute(update(table_of(Delivery)).where(condition).values(**values))

    def attempts(self, ids: Sequence[int]) -> dict[int, int]:
        found: dict[int, int] = {}
        for part in chunks(ids):
            query = select(Delivery.id, Delivery.attempts).where(Delivery.id.in_(part))
            found.update((row.id, row.attempts) for row in self._session.execute(query))
        return found

    def queue(self, claims: Sequence[Claim], *, now: datetime) -> None:
        """Insert rows waiting to be sent, due at once, unless they are already there."""
        insert_or_ignore(self._session, table_of(Delivery), [_row(c, now=now) for c in claims])

    # Cursors.

    def move_cursors(self, moves: list[tuple[int, int | None, datetime | None]]) -> None:
        """(action, generation read, next moment): None generation means the sweep found the
        action without a cursor; None moment means the action needs no more reminders."""
        table = table_of(Cursor)
        moved = [{"aid": a, "gen": g, "next": n} for a, g, n in moves if g is not None and n]
        dropped = [{"aid": a, "gen": g} for a, g, n in moves if g is not None and n is None]
        created = [
            {"action_id": a, "next_at": n, "generation": 0}
            for a, g, n in moves
            if g is None and n is not None
        ]
        matches = and_(
            table.c.action_id == bindparam("aid"), table.c.generation == bindparam("gen")
        )
        if moved:
            self._session.execute(
                update(table).where(matches).values(next_at=bindparam("next")), moved
            )
        if dropped:
            self._session.execute(delete(table).where(matches), dropped)
        insert_or_ignore(self._session, table, created)


def _insert_arrays(session: Session, rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """PostgreSQL: insert delivery rows in their order unless already there, as one array per
    column (one short statement, not a bound parameter per value); their ids and keys."""
    table = table_of(Delivery)
    names = list(rows[0])
    arrays = [bindparam(n, type_=postgresql.ARRAY(table.c[n].type)) for n in names]
    given = func.unnest(*arrays).table_valued(*names, with_ordinality="n").render_derived()
    statement = (
        postgresql.insert(table)
        .from_select(names, select(*[given.c[n] for n in names]).order_by(given.c.n))
        .on_conflict_do_nothing()
        .returning(table.c.id, table.c.action_id, table.c.recipient, table.c.rule)
    )
    columns = {n: [row[n] for row in rows] for n in names}
    return [tuple(r) for r in session.execute(statement, columns)]


def _row(
    claim: Claim, *, now: datetime, token: str | None = None, lease: timedelta = timedelta(0)
) -> dict[str, Any]:
    """The delivery row for `claim`: a claimed row's retry_at is its lease; a queued one is due
    at once."""
    claimed = claim.state is DeliveryState.CLAIMED
    retry_at = now + lease if claimed else now if claim.state is DeliveryState.QUEUED else None
    return {
        "action_id": claim.action_id,
        "recipient": claim.recipient,
        "rule": claim.rule,
        "deadline": claim.deadline,
        "kind": claim.kind.value,
        "state": claim.state.value,
        "attempts": 1 if claimed else 0,
        "claim_token": token if claimed else None,
        "retry_at": retry_at,
        "created_at": now,
        "sent_at": None,
        "error": claim.reason,
    }
