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
    SentDigest,
    SkippedReminder,
    SweepReport,
    build_item,
)
from bot.reminders.escalation import EscalationFacts
from bot.reminders.outcomes import Outcomes, Owned, Sent
from bot.reminders.policy import Claim, People, ReminderPolicy, Snoozes
from bot.reminders.ports import MessageOutcome, Notifier
from bot.reminders.profiles import ProfileBook
from bot.reminders.repository import Due, ReminderRepository
from bot.reminders.repository.messages import MessageRepository
from bot.reminders.snoozes import active_snoozes
from bot.stopping import SendingStopped, Stopping

log = logging.getLogger(__name__)

# At most this many actions and retries per sweep; the rest are picked up by the next sweep.
SWEEP_LIMIT = 5000
# How long a claim protects a reminder being sent; after it, a crashed sweep's claim is retried.
LEASE = timedelta(minutes=10)


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
        stopping: Stopping | None = None,
    ) -> None:
        self.now = now
        # Set when the process is asked to stop: nothing more is claimed, no digest begun.
        self._stopping = stopping or Stopping()
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
        self._snoozes: Snoozes = {}
        self._owned: list[Owned] = []

    def claim_due(self, *, thorough: bool = False) -> None:
        """Read what is due and claim it. `thorough` also finds open actions with no cursor."""
        self._owned = []
        with self._sessions.begin() as session:
            self._due = ReminderRepository(session).due(
                self.now, limit=SWEEP_LIMIT, unscheduled_by=self._horizon if thorough else None
            )
            # A day's margin: a snooze ends at the start of its day in the recipient's zone.
            yesterday = self.now.date() - timedelta(days=1)
            self._snoozes = active_snoozes(session, self._due.actions, yesterday)
        users = self._policy.audience(self._due.actions.values(), self._horizon)
        self._people = self._profiles.lookup(users, self.now, save=not self.dry_run)
        plan = self._plan()
        if self.dry_run:
            self._preview(plan)
        elif not self._stopping.is_set():
            self._claim(plan)

    def deliver(self, notifier: Notifier) -> bool:
        """Send each recipient one digest of what this round claimed and record what became of
        it; True when notices about leads who proved unreachable were queued to send.

        Once the process is asked to stop, no further digest is begun: what was not sent is
        given back, due at once for the next sweep, in this process or another."""
        started = time.monotonic()
        outcomes = Outcomes(
            sessions=self._sessions,
            policy=self._policy,
            report=self.report,
            token=self._token,
            max_attempts=self._max_attempts,
            actions=self._due.actions,
        )
        try:
            # Escalations go last, after what was sent before them is recorded: they say who
            # was reminded, this sweep's reminders included.
            groups = sorted(_by_recipient(self._owned).items(), key=lambda g: _escalates(g[1]))
            facts: dict[int, EscalationFacts] | None = None
            for done, (recipient, mine) in enumerate(groups):
                if self._stopping.is_set():
                    self._release(groups[done:])
                    break
                if time.monotonic() - started > LEASE.total_seconds() / 2:
                    mine = self._still_mine(mine)
                if mine and _escalates(mine) and facts is None:
                    outcomes.flush()
                    facts = self._facts()
                if mine:
                    outcomes.flush_stale()
                    try:
                        sent = self._send(notifier, recipient, mine, facts or {})
                    except SendingStopped:
                        self._release(groups[done:])
                        break
                    outcomes.add(Sent(mine, sent, time.monotonic()))
        finally:
            # Also on the way out of an interrupted sweep: what was sent is recorded if it can be.
            outcomes.flush()
        return outcomes.queued

    def _send(
        self,
        notifier: Notifier,
        recipient: str,
        mine: list[Owned],
        facts: dict[int, EscalationFacts],
    ) -> list[MessageOutcome]:
        today = self.now.astimezone(ZoneInfo(mine[0].tz)).date()
        recheck = any(o.retry for o in mine)
        items = tuple(
            replace(o.item, facts=facts.get(o.item.action_id))
            if o.kind == DeliveryKind.ESCALATION
            else o.item
            for o in mine
        )
        digest = Digest(recipient, today, items, recheck=recheck)
        try:
            return notifier.send_digest(digest)
        except SendingStopped:
            raise
        except Exception as exc:
            log.exception("sending reminders to %s failed", recipient)
            return [MessageOutcome(tuple(o.delivery_id for o in mine), error=repr(exc))]

    def _facts(self) -> dict[int, EscalationFacts]:
        """Who was reminded when, and the latest update, of every action escalated: read once."""
        escalated = [o.item.action_id for o in self._owned if o.kind == DeliveryKind.ESCALATION]
        with self._sessions.begin() as session:
            return MessageRepository(session).facts(escalated)

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
                snoozes=self._snoozes,
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

    def _release(self, groups: list[tuple[str, list[Owned]]]) -> None:
        """Give back the claims of the recipients not sent to: the process is stopping."""
        unsent = [owned for _, mine in groups for owned in mine]
        with self._sessions.begin() as session:
            ReminderRepository(session).release(
                [o.delivery_id for o in unsent], self._token, at=self.now
            )
        self.report.released += len(unsent)
        log.info("stopping: %d reminder(s) left for the next sweep", len(unsent))

    def _still_mine(self, mine: list[Owned]) -> list[Owned]:
        with self._sessions.begin() as session:
            kept = ReminderRepository(session).still_mine(
                [o.delivery_id for o in mine], self._token
            )
        return [o for o in mine if o.delivery_id in kept]


def _by_recipient(owned: list[Owned]) -> dict[str, list[Owned]]:
    groups: dict[str, list[Owned]] = defaultdict(list)
    for item in owned:
        groups[item.recipient].append(item)
    return dict(groups)


def _escalates(mine: list[Owned]) -> bool:
    return any(o.kind == DeliveryKind.ESCALATION for o in mine)
