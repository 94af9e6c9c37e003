"""Recording what became of each message: sent, to be retried, or given up (and reported)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.models.actions import Action
from bot.reminders.digest import DigestItem
from bot.models.reminders import DeliveryKind, DeliveryState
from bot.reminders.planning import Claim, Config, escalation_targets
from bot.reminders.ports import MessageOutcome
from bot.reminders.report import FailedDigest, SentDigest, SweepReport
from bot.reminders.repository import ReminderRepository

log = logging.getLogger(__name__)

# How long a claim protects a reminder being sent; after it, a crashed sweep's claim is retried.
LEASE = timedelta(minutes=10)
# Waits before each retry of a failed send: Slack outages last minutes to hours.
BACKOFF = (timedelta(minutes=5), timedelta(minutes=15), timedelta(minutes=45),
           timedelta(hours=2), timedelta(hours=6))


@dataclass(frozen=True)
class Owned:
    """A delivery this sweep holds the claim of, and the item it becomes."""

    delivery_id: int
    kind: str
    recipient: str
    tz: str
    item: DigestItem
    retry: bool = False  # sent before, with an outcome that may have been a success


def delivery_row(claim: Claim, token: str | None, now: datetime) -> dict[str, Any]:
    claimed = claim.state is DeliveryState.CLAIMED
    # A claimed row's retry_at is its lease; a queued one is due at once.
    retry_at = now + LEASE if claimed else now if claim.state is DeliveryState.QUEUED else None
    return {
        "action_id": claim.action_id, "recipient": claim.recipient, "rule": claim.rule,
        "deadline": claim.deadline, "kind": claim.kind.value, "state": claim.state.value,
        "attempts": 1 if claimed else 0, "claim_token": token if claimed else None,
        "retry_at": retry_at, "created_at": now, "sent_at": None, "error": claim.reason,
    }


class Recorder:
    def __init__(self, sessions: sessionmaker[Session], config: Config, max_attempts: int) -> None:
        self._sessions = sessions
        self._config = config
        self._max_attempts = max_attempts

    def record(self, mine: list[Owned], outcomes: list[MessageOutcome], token: str,
               now: datetime, report: SweepReport, actions: dict[int, Action]) -> bool:
        """Record one recipient's outcomes in one transaction; True when notices about
        unreachable leads were queued for sending."""
        items = {o.delivery_id: o for o in mine}
        queued = False
        with self._sessions.begin() as session:
            repo = ReminderRepository(session)
            sent = [i for out in outcomes if out.ok for i in out.delivery_ids]
            repo.settle(sent, token, state=DeliveryState.SENT.value, sent_at=now, retry_at=None,
                        error=None)
            if sent:
                report.sent.append(SentDigest(mine[0].recipient,
                                              tuple(items[i].item for i in sent),
                                              messages=sum(1 for out in outcomes if out.ok)))
            for out in outcomes:
                if not out.ok:
                    failed = [items[i] for i in out.delivery_ids]
                    queued |= self._failure(repo, failed, out, token, now, report, actions)
        return queued

    def _failure(self, repo: ReminderRepository, failed: list[Owned], out: MessageOutcome,
                 token: str, now: datetime, report: SweepReport,
                 actions: dict[int, Action]) -> bool:
        attempts = repo.attempts([o.delivery_id for o in failed])
        error = (out.error or "unknown error")[:300]
        retry, give_up = [], []
        for owned in failed:
            tries = attempts.get(owned.delivery_id, 1)
            (give_up if out.permanent or tries >= self._max_attempts else retry).append(owned)
        for owned in retry:
            wait = BACKOFF[min(attempts.get(owned.delivery_id, 1), len(BACKOFF)) - 1]
            repo.settle([owned.delivery_id], token, state=DeliveryState.FAILED.value,
                        retry_at=now + wait, error=error)
        repo.settle([o.delivery_id for o in give_up], token, state=DeliveryState.GAVE_UP.value,
                    retry_at=None, error=error)
        queued = False
        for owned in give_up:
            if owned.kind == DeliveryKind.REMINDER:
                tries = attempts.get(owned.delivery_id, 1)
                reason = (f"Slack refused the message ({error})" if out.permanent else
                          f"{tries} attempts to send failed (last error: {error})")
                queued |= self._queue_unreachable(repo, owned, reason, now, actions)
            else:
                log.error("gave up telling %s about #%s: %s", owned.recipient,
                          owned.item.action_id, error)
        for group, will_retry in ((retry, True), (give_up, False)):
            if group:
                report.failed.append(FailedDigest(group[0].recipient,
                                                  tuple(o.item for o in group), error,
                                                  will_retry))
        return queued

    def _queue_unreachable(self, repo: ReminderRepository, owned: Owned, reason: str,
                           now: datetime, actions: dict[int, Action]) -> bool:
        action = actions[owned.item.action_id]
        targets = escalation_targets(action, self._config.secretary_ids)
        if not targets or action.deadline_end is None:
            log.error("nobody to tell that %s could not be reached", owned.recipient)
            return False
        notices = [Claim(action.id, target, f"unreachable-{owned.recipient}", action.deadline_end,
                         DeliveryKind.UNREACHABLE, DeliveryState.QUEUED, reason[:300])
                   for target in targets]
        repo.queue([delivery_row(notice, None, now) for notice in notices])
        return True
