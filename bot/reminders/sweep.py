"""One reminder sweep: find what is due, claim it, send one digest per recipient, record."""

from __future__ import annotations

import logging
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bot.models.reminders import Delivery, DeliveryKind, DeliveryState
from bot.reminders.digest import (
    Digest,
    DigestItem,
    FailedDigest,
    SentDigest,
    SkippedReminder,
    SweepReport,
    build_item,
)
from bot.reminders.policy import Claim, People, ReminderPolicy
from bot.reminders.ports import MessageOutcome, Notifier
from bot.reminders.profiles import ProfileBook
from bot.reminders.repository import Due, ReminderRepository

log = logging.getLogger(__name__)

# At most this many actions and retries per sweep; the rest are picked up by the next sweep.
SWEEP_LIMIT = 5000
# How long a claim protects a reminder being sent; after it, a crashed sweep's claim is retried.
LEASE = timedelta(minutes=10)
# Waits before each retry of a failed send: Slack outages last minutes to hours.
BACKOFF = tuple(timedelta(minutes=m) for m in (5, 15, 45, 2 * 60, 6 * 60))


@dataclass(frozen=True)
class Owned:
    """A delivery this sweep holds the claim of, and the item it becomes."""

    delivery_id: int
    kind: str
    recipient: str
    tz: str
    item: DigestItem
    retry: bool = False  # sent before, with an outcome that may have been a success


@dataclass
class _Plan:
    """What one round decided: rows to claim, cursors to move, waiting rows to retry or not."""

    claims: list[Claim] = field(default_factory=list)
    moves: list[tuple[int, int | None, datetime | None]] = field(default_factory=list)
    retries: list[Delivery] = field(default_factory=list)
    defers: list[tuple[int, datetime]] = field(default_factory=list)
    drops: list[tuple[int, str]] = field(default_factory=list)


class Sweep:
    """One sweep at `now`, in rounds of read, claim, then deliver and record.

    What a round found due, who its people are and what it claimed are kept here; a dry run
    plans and reports, but claims, sends and writes nothing.
    """

    def __init__(
        self,
        now: datetime,
        *,
        policy: ReminderPolicy,
        sessions: sessionmaker[Session],
        profiles: ProfileBook,
        max_attempts: int,
        dry_run: bool = False,
    ) -> None:
        self.now = now
        self.dry_run = dry_run
        self.report = SweepReport(now=now, dry_run=dry_run)
        self._policy = policy
        self._sessions = sessions
        self._profiles = profiles
        self._max_attempts = max_attempts
        self._token = uuid.uuid4().hex  # marks the rows this sweep claims
        self._horizon: date = policy.horizon(now)
        # Found, looked up and claimed by each round.
        self._due = Due(actions={}, cursors={}, claimed={}, retries=[])
        self._people: People = {}
        self._owned: list[Owned] = []

    def claim_due(self, *, thorough: bool = False) -> None:
        """Read what is due and claim it. `thorough` also finds open actions with no cursor."""
        self._owned = []
        with self._sessions.begin() as session:
            self._due = ReminderRepository(session).due(
                self.now, limit=SWEEP_LIMIT, unscheduled_by=self._horizon if thorough else None
            )
        users = self._policy.audience(self._due.actions.values(), self._horizon)
        self._people = self._profiles.lookup(users, self.now, save=not self.dry_run)
        plan = self._plan()
        if self.dry_run:
            self._preview(plan)
        else:
            self._claim(plan)

    def deliver(self, notifier: Notifier) -> bool:
        """Send each recipient one digest of what this round claimed and record what became of
        it; True when notices about leads who proved unreachable were queued to send."""
        queued = False
        started = time.monotonic()
        for recipient, mine in _by_recipient(self._owned).items():
            if time.monotonic() - started > LEASE.total_seconds() / 2:
                mine = self._still_mine(mine)
            if not mine:
                continue
            today = self.now.astimezone(ZoneInfo(mine[0].tz)).date()
            digest = Digest(
                recipient, today, tuple(o.item for o in mine), recheck=any(o.retry for o in mine)
            )
            try:
                outcomes = notifier.send_digest(digest)
            except Exception as exc:
                log.exception("sending reminders to %s failed", recipient)
                outcomes = [MessageOutcome(tuple(o.delivery_id for o in mine), error=repr(exc))]
            queued |= self._record(mine, outcomes)
        return queued

    def _plan(self) -> _Plan:
        plan = _Plan()
        for action_id, generation in self._due.cursors.items():
            action = self._due.actions.get(action_id)
            if action is None:
                continue  # deleted since the cursor was read; the cascade removes the cursor
            planned = self._policy.plan_action(
                action,
                now=self.now,
                horizon=self._horizon,
                claimed=self._due.claimed,
                people=self._people,
            )
            plan.claims.extend(planned.claims)
            plan.moves.append((action_id, generation, planned.next_at))
        for row in self._due.retries:
            action = self._due.actions.get(row.action_id)
            retry = self._policy.plan_retry(row, action, now=self.now, people=self._people)
            if retry.drop is not None:
                plan.drops.append((row.id, retry.drop))
            elif retry.defer_to is not None:
                plan.defers.append((row.id, retry.defer_to))
            else:
                plan.retries.append(row)
        return plan

    def _preview(self, plan: _Plan) -> None:
        owned = [self._own(0, c) for c in plan.claims if c.state is DeliveryState.CLAIMED]
        owned += [self._own(0, row) for row in plan.retries]
        for recipient, items in _by_recipient(owned).items():
            self.report.sent.append(SentDigest(recipient, tuple(o.item for o in items)))
        self.report.skipped.extend(
            SkippedReminder(c.action_id, c.recipient, c.rule, c.reason or "")
            for c in plan.claims
            if c.state is DeliveryState.SKIPPED
        )

    def _claim(self, plan: _Plan) -> None:
        by_key = {(c.action_id, c.recipient, c.rule): c for c in plan.claims}
        with self._sessions.begin() as session:
            repo = ReminderRepository(session)
            won = repo.claim(plan.claims, token=self._token, now=self.now, lease=LEASE)
            for delivery_id, action_id, recipient, rule in won:
                claim = by_key[(action_id, recipient, rule)]
                if claim.state is DeliveryState.SKIPPED:
                    self.report.skipped.append(
                        SkippedReminder(action_id, recipient, rule, claim.reason or "")
                    )
                    continue
                self._owned.append(self._own(delivery_id, claim))
            for row in plan.retries:
                if repo.reclaim(row, token=self._token, now=self.now, lease=LEASE):
                    self._owned.append(replace(self._own(row.id, row), retry=True))
            for delivery_id, moment in plan.defers:
                repo.defer(delivery_id, moment)
            for delivery_id, reason in plan.drops:
                repo.drop(delivery_id, reason=reason)
            repo.move_cursors(plan.moves)

    def _own(self, delivery_id: int, wanted: Claim | Delivery) -> Owned:
        reason = wanted.reason if isinstance(wanted, Claim) else wanted.error
        action = self._due.actions[wanted.action_id]
        tz = self._policy.tz_of(wanted.recipient, self._people)
        item = build_item(
            delivery_id,
            action,
            kind=wanted.kind,
            rule=wanted.rule,
            reason=reason,
            tz=tz,
            now=self.now,
        )
        return Owned(delivery_id, wanted.kind, wanted.recipient, tz, item)

    def _still_mine(self, mine: list[Owned]) -> list[Owned]:
        with self._sessions.begin() as session:
            kept = ReminderRepository(session).still_mine(
                [o.delivery_id for o in mine], self._token
            )
        return [o for o in mine if o.delivery_id in kept]

    def _record(self, mine: list[Owned], outcomes: list[MessageOutcome]) -> bool:
        """Record one recipient's outcomes in one transaction; True when notices about
        unreachable leads were queued for sending."""
        items = {o.delivery_id: o for o in mine}
        queued = False
        with self._sessions.begin() as session:
            repo = ReminderRepository(session)
            sent = [i for out in outcomes if out.ok for i in out.delivery_ids]
            repo.mark_sent(sent, self._token, at=self.now)
            if sent:
                carried, messages = tuple(items[i].item for i in sent), sum(o.ok for o in outcomes)
                self.report.sent.append(SentDigest(mine[0].recipient, carried, messages=messages))
            for out in outcomes:
                if not out.ok:
                    queued |= self._failure(repo, [items[i] for i in out.delivery_ids], out)
        return queued

    def _failure(self, repo: ReminderRepository, failed: list[Owned], out: MessageOutcome) -> bool:
        attempts = repo.attempts([o.delivery_id for o in failed])
        error = (out.error or "unknown error")[:300]
        retry: list[Owned] = []
        give_up: list[Owned] = []
        for owned in failed:
            tries = attempts.get(owned.delivery_id, 1)
            (give_up if out.permanent or tries >= self._max_attempts else retry).append(owned)
        for owned in retry:
            wait = BACKOFF[min(attempts.get(owned.delivery_id, 1), len(BACKOFF)) - 1]
            repo.mark_failed(
                [owned.delivery_id], self._token, retry_at=self.now + wait, error=error
            )
        repo.give_up([o.delivery_id for o in give_up], self._token, error=error)
        queued = False
        for owned in give_up:
            if owned.kind == DeliveryKind.REMINDER:
                tries = attempts.get(owned.delivery_id, 1)
                reason = (
                    f"Slack refused the message ({error})"
                    if out.permanent
                    else f"{tries} attempts to send failed (last error: {error})"
                )
                queued |= self._queue_unreachable(repo, owned, reason)
            else:
                log.error(
                    "gave up telling %s about #%s: %s", owned.recipient, owned.item.action_id, error
                )
        for group, will_retry in ((retry, True), (give_up, False)):
            if group:
                carried = tuple(o.item for o in group)
                self.report.failed.append(
                    FailedDigest(group[0].recipient, carried, error, will_retry)
                )
        return queued

    def _queue_unreachable(self, repo: ReminderRepository, owned: Owned, reason: str) -> bool:
        action = self._due.actions[owned.item.action_id]
        notices = self._policy.unreachable_notices(action, owned.recipient, reason)
        if not notices:
            log.error("nobody to tell that %s could not be reached", owned.recipient)
            return False
        repo.queue(notices, now=self.now)
        return True


def _by_recipient(owned: list[Owned]) -> dict[str, list[Owned]]:
    groups: dict[str, list[Owned]] = defaultdict(list)
    for item in owned:
        groups[item.recipient].append(item)
    return dict(groups)
