"""Sending due reminders: read what is due, claim it, send one digest per recipient, record."""

from __future__ import annotations

import logging
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bot.models.actions import Action
from bot.access import Caller
from bot.clock import Clock
from bot.reminders.digest import Digest
from bot.reminders.items import build_item
from bot.models.reminders import Delivery, DeliveryState
from bot.reminders.nudges import NudgeResult, send_nudge
from bot.reminders.planning import Claimed, Config, Plan, Planner, escalation_targets
from bot.reminders.policy import latest_relevant_due
from bot.reminders.ports import MessageOutcome, NoNotifier, Notifier
from bot.reminders.profiles import ProfileBook
from bot.reminders.recording import LEASE, Owned, Recorder, delivery_row
from bot.reminders.report import SentDigest, SkippedReminder, SweepReport
from bot.reminders.repository import ReminderRepository

log = logging.getLogger(__name__)

# At most this many actions and retries per sweep; the rest are picked up by the next sweep.
SWEEP_LIMIT = 5000


@dataclass
class _Work:
    """What one sweep read: actions by id, cursor generations, claims so far, due retries."""

    actions: dict[int, Action]
    cursors: dict[int, int | None]
    claimed: Claimed
    retries: list[Delivery]


@dataclass
class _Round:
    owned: list[Owned] = field(default_factory=list)
    queued: bool = False


class ReminderService:
    def __init__(self, sessions: sessionmaker[Session], clock: Clock, config: Config,
                 notifier: Notifier | None = None, *, max_attempts: int = 5) -> None:
        self._sessions = sessions
        self._clock = clock
        self._config = config
        self._notifier: Notifier = notifier or NoNotifier()
        self._profiles = ProfileBook(sessions, self._notifier)
        self._recorder = Recorder(sessions, config, max_attempts)

    @property
    def config(self) -> Config:
        return self._config

    def nudge(self, by: Caller, action_id: int, note: str | None) -> NudgeResult:
        """A secretary asks the leads about an action now; kept in its history, and apart from
        the scheduled reminders, which still go out as planned."""
        return send_nudge(self._sessions, self._clock, self._notifier, self._profiles,
                          self._config, by, action_id, note)

    def send_due(self, now: datetime | None = None, *, dry_run: bool = False,
                 thorough: bool = False) -> SweepReport:
        """One sweep at `now` (default: the clock). `thorough` also finds open actions that have
        no cursor, which only happens to rows written without the ORM; `dry_run` sends nothing
        and writes nothing."""
        now = now or self._clock.now()
        report = SweepReport(now=now, dry_run=dry_run)
        token = uuid.uuid4().hex
        first = self._round(now, token, report, dry_run=dry_run, thorough=thorough)
        if first.queued:
            # Notices about leads who just proved unreachable go out in this sweep, not the next.
            self._round(now, token, report, dry_run=dry_run, thorough=False)
        return report

    def _round(self, now: datetime, token: str, report: SweepReport, *, dry_run: bool,
               thorough: bool) -> _Round:
        work = self._read(now, thorough)
        horizon = self._horizon(now)
        people = self._profiles.lookup(self._users(work, horizon), now, save=not dry_run)
        planner = Planner(self._config, people)
        plan = Plan()
        for action_id, generation in work.cursors.items():
            action = work.actions.get(action_id)
            if action is None:
                continue  # deleted since the cursor was read; the cascade removes the cursor
            planner.plan_action(plan, action, generation, work.claimed, now, horizon)
        for row in work.retries:
            planner.plan_retry(plan, row, work.actions.get(row.action_id), now)
        if dry_run:
            self._preview(plan, work, planner, now, report)
            return _Round()
        result = _Round(owned=self._claim(plan, work, planner, token, now, report))
        result.queued = self._deliver(result.owned, token, now, report, work)
        return result

    def _read(self, now: datetime, thorough: bool) -> _Work:
        with self._sessions.begin() as session:
            repo = ReminderRepository(session)
            cursors: dict[int, int | None] = dict(repo.due_cursors(now, SWEEP_LIMIT))
            if thorough:
                for action_id in repo.unscheduled_actions(self._horizon(now), SWEEP_LIMIT):
                    cursors.setdefault(action_id, None)
            retries = repo.due_retries(now, SWEEP_LIMIT)
            actions = repo.actions([*cursors, *(r.action_id for r in retries)])
            live = {a: actions[a].deadline_end for a in cursors if a in actions
                    and actions[a].deadline_end is not None and not actions[a].is_closed}
            return _Work(actions, cursors, repo.claimed_rules(live), retries)  # type: ignore[arg-type]

    def _horizon(self, now: datetime) -> date:
        # The UTC date plus one day is the latest local date anywhere on Earth.
        today = now.astimezone(UTC).date() + timedelta(days=1)
        return latest_relevant_due(today, self._config.rules, self._config.calendar)

    def _users(self, work: _Work, horizon: date) -> set[str]:
        """The users this round may message: leads and secretaries of actions in range."""
        users: set[str] = set()
        for action in work.actions.values():
            if action.is_closed or action.deadline_end is None or action.deadline_end > horizon:
                continue
            for lead in action.leads:
                users.update(lead.user_ids)
            users.update(escalation_targets(action, self._config.secretary_ids))
        return {u for u in users if u[:1] in ("U", "W")}

    def _preview(self, plan: Plan, work: _Work, planner: Planner, now: datetime,
                 report: SweepReport) -> None:
        owned = [self._owned(0, c.action_id, c.kind, c.recipient, c.rule, c.reason, work,
                             planner, now) for c in plan.to_send]
        owned += [self._owned(0, r.action_id, r.kind, r.recipient, r.rule, r.error, work,
                              planner, now) for r in plan.retries]
        for recipient, items in _by_recipient(owned).items():
            report.sent.append(SentDigest(recipient, tuple(o.item for o in items)))
        report.skipped.extend(SkippedReminder(c.action_id, c.recipient, c.rule, c.reason or "")
                              for c in plan.claims if c.state is DeliveryState.SKIPPED)

    def _claim(self, plan: Plan, work: _Work, planner: Planner, token: str, now: datetime,
               report: SweepReport) -> list[Owned]:
        by_key = {(c.action_id, c.recipient, c.rule): c for c in plan.claims}
        rows = [delivery_row(c, token, now) for c in plan.claims]
        owned: list[Owned] = []
        with self._sessions.begin() as session:
            repo = ReminderRepository(session)
            for delivery_id, action_id, recipient, rule in repo.claim(rows):
                claim = by_key[(action_id, recipient, rule)]
                if claim.state is DeliveryState.SKIPPED:
                    report.skipped.append(SkippedReminder(action_id, recipient, rule,
                                                          claim.reason or ""))
                    continue
                owned.append(self._owned(delivery_id, action_id, claim.kind, recipient, rule,
                                         claim.reason, work, planner, now))
            for row in plan.retries:
                if repo.reclaim(row, token=token, now=now, lease=LEASE):
                    owned.append(replace(
                        self._owned(row.id, row.action_id, row.kind, row.recipient, row.rule,
                                    row.error, work, planner, now), retry=True))
            for delivery_id, moment in plan.defers:
                repo.defer(delivery_id, moment)
            for delivery_id, reason in plan.drops:
                repo.settle([delivery_id], None, state=DeliveryState.SKIPPED.value,
                            retry_at=None, error=reason)
            repo.move_cursors(plan.moves)
        return owned

    def _owned(self, delivery_id: int, action_id: int, kind: str, recipient: str, rule: str,
               reason: str | None, work: _Work, planner: Planner, now: datetime) -> Owned:
        tz = planner.tz_of(recipient)
        item = build_item(delivery_id, work.actions[action_id], kind=kind, rule=rule,
                          reason=reason, tz=tz, now=now)
        return Owned(delivery_id, kind, recipient, tz, item)

    def _deliver(self, owned: list[Owned], token: str, now: datetime, report: SweepReport,
                 work: _Work) -> bool:
        queued = False
        started = time.monotonic()
        for recipient, mine in _by_recipient(owned).items():
            if time.monotonic() - started > LEASE.total_seconds() / 2:
                mine = self._still_mine(mine, token)
            if not mine:
                continue
            today = now.astimezone(ZoneInfo(mine[0].tz)).date()
            digest = Digest(recipient, today, tuple(o.item for o in mine),
                            recheck=any(o.retry for o in mine))
            try:
                outcomes = self._notifier.send_digest(digest)
            except Exception as exc:
                log.exception("sending reminders to %s failed", recipient)
                outcomes = [MessageOutcome(tuple(o.delivery_id for o in mine), error=repr(exc))]
            queued |= self._recorder.record(mine, outcomes, token, now, report, work.actions)
        return queued

    def _still_mine(self, mine: list[Owned], token: str) -> list[Owned]:
        with self._sessions.begin() as session:
            kept = ReminderRepository(session).still_mine([o.delivery_id for o in mine], token)
        return [o for o in mine if o.delivery_id in kept]


def _by_recipient(owned: list[Owned]) -> dict[str, list[Owned]]:
    groups: dict[str, list[Owned]] = defaultdict(list)
    for item in owned:
        groups[item.recipient].append(item)
    return dict(groups)
