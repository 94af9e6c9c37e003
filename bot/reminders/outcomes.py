"""What became of a sweep's digests, recorded for several recipients in one transaction: sent,
failed with a retry after a backoff, or given up and reported to the secretary."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot.models.reminders import DeliveryKind
from bot.reminders.digest import DigestItem, FailedDigest, SentDigest, SweepReport
from bot.reminders.policy import ReminderPolicy
from bot.reminders.ports import MessageOutcome
from bot.reminders.repository import ReminderRepository
from bot.reminders.repository.messages import Landing, MessageRepository
from bot.reminders.views import ActionView

log = logging.getLogger(__name__)

# Waits before each retry of a failed send: Slack outages last minutes to hours.
BACKOFF = tuple(timedelta(minutes=m) for m in (5, 15, 45, 2 * 60, 6 * 60))
# Outcomes are recorded for several recipients in one transaction: at most this many, and once
# this many seconds have passed since the first of them was sent, before the next send begins.
# Rows sent but not yet recorded when the process dies stay claimed; once their lease has passed
# the next sweep claims them again as retries, and a retried digest looks for its delivery key in
# the conversation before posting (Digest.recheck), so what had landed is recorded as sent, not
# sent again.
RECORD_EVERY = 100
RECORD_WITHIN = 1.0


@dataclass(frozen=True)
class Owned:
    """A delivery this sweep holds the claim of, and the item it becomes."""

    delivery_id: int
    kind: str
    recipient: str
    tz: str
    item: DigestItem
    retry: bool = False  # sent before, with an outcome that may have been a success


@dataclass(frozen=True)
class Sent:
    """One recipient's digest as sent, and what became of it: kept until recorded."""

    mine: list[Owned]
    outcomes: list[MessageOutcome]
    at: float  # time.monotonic() when it was sent


class Outcomes:
    """Records a sweep's sends where its claim token still holds, and adds them to its report."""

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        policy: ReminderPolicy,
        report: SweepReport,
        token: str,
        max_attempts: int,
        actions: dict[int, ActionView],
    ) -> None:
        self._sessions = sessions
        self._policy = policy
        self._report = report
        self._token = token
        self._max_attempts = max_attempts
        self._actions = actions
        self._waiting: list[Sent] = []
        self.queued = False  # notices about leads who proved unreachable were queued to send

    def add(self, sent: Sent) -> None:
        """Keep one recipient's outcome; record those kept once there are enough, or once the
        oldest has waited long enough."""
        self._waiting.append(sent)
        if len(self._waiting) >= RECORD_EVERY:
            self.flush()
        else:
            self.flush_stale()

    def flush_stale(self) -> None:
        """Record what is kept if the oldest has waited long enough: before a send, which may
        take long (Slack's rate limits are waited out), as well as after one."""
        if self._waiting and time.monotonic() - self._waiting[0].at >= RECORD_WITHIN:
            self.flush()

    def flush(self) -> None:
        """Record every outcome kept, in one transaction."""
        batch, self._waiting = self._waiting, []
        if not batch:
            return
        now = self._report.now
        with self._sessions.begin() as session:
            repo = ReminderRepository(session)
            ok = [i for sent in batch for out in sent.outcomes if out.ok for i in out.delivery_ids]
            repo.mark_sent(ok, self._token, at=now)
            landings: list[Landing] = []
            for sent in batch:
                items = {o.delivery_id: o for o in sent.mine}
                landed = [i for out in sent.outcomes if out.ok for i in out.delivery_ids]
                if landed:
                    carried = tuple(items[i].item for i in landed)
                    messages = sum(out.ok for out in sent.outcomes)
                    self._report.sent.append(
                        SentDigest(sent.mine[0].recipient, carried, messages=messages)
                    )
                for out in sent.outcomes:
                    if not out.ok:
                        self._failure(repo, [items[i] for i in out.delivery_ids], out, now)
                    elif out.channel and out.ts:
                        landings.append(_landing([items[i] for i in out.delivery_ids], out))
            # One statement for the whole batch, however many recipients it has.
            MessageRepository(session).record_all(landings, at=now)

    def _failure(
        self, repo: ReminderRepository, failed: list[Owned], out: MessageOutcome, now: datetime
    ) -> None:
        attempts = repo.attempts([o.delivery_id for o in failed])
        error = (out.error or "unknown error")[:300]
        retry: list[Owned] = []
        give_up: list[Owned] = []
        for owned in failed:
            tries = attempts.get(owned.delivery_id, 1)
            (give_up if out.permanent or tries >= self._max_attempts else retry).append(owned)
        for owned in retry:
            wait = BACKOFF[min(attempts.get(owned.delivery_id, 1), len(BACKOFF)) - 1]
            repo.mark_failed([owned.delivery_id], self._token, retry_at=now + wait, error=error)
        repo.give_up([o.delivery_id for o in give_up], self._token, error=error)
        for owned in give_up:
            if owned.kind == DeliveryKind.REMINDER:
                tries = attempts.get(owned.delivery_id, 1)
                reason = (
                    f"Slack refused the message ({error})"
                    if out.permanent
                    else f"{tries} attempts to send failed (last error: {error})"
                )
                self._queue_unreachable(repo, owned, reason, now)
            else:
                log.error(
                    "gave up telling %s about #%s: %s", owned.recipient, owned.item.action_id, error
                )
        for group, will_retry in ((retry, True), (give_up, False)):
            if group:
                carried = tuple(o.item for o in group)
                self._report.failed.append(
                    FailedDigest(group[0].recipient, carried, error, will_retry)
                )

    def _queue_unreachable(
        self, repo: ReminderRepository, owned: Owned, reason: str, now: datetime
    ) -> None:
        action = self._actions[owned.item.action_id]
        notices = self._policy.unreachable_notices(action, owned.recipient, reason)
        if not notices:
            log.error("nobody to tell that %s could not be reached", owned.recipient)
            return
        repo.queue(notices, now=now)
        self.queued = True


def _landing(carried: list[Owned], out: MessageOutcome) -> Landing:
    """Where a message landed, so that a reply in its thread can be placed on its action."""
    escalation = all(o.kind == DeliveryKind.ESCALATION for o in carried)
    return Landing(
        channel=out.channel or "",
        ts=out.ts or "",
        action_ids=tuple(o.item.action_id for o in carried),
        recipient=carried[0].recipient,
        kind="escalation" if escalation else "reminder",
    )
