"""Answer each Slack request once: a replayed request or a retried event is recognised."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock
from bot.inbound.repository import SeenRequestRepository

# Slack's signatures are valid for five minutes either way; a replay older than that is refused
# by the signature check, so its claim can be forgotten after the window.
WINDOW = timedelta(minutes=5)
# Forget old claims on one request in this many, so the table stays small without a job.
PRUNE_EVERY = 200
# Claims kept in memory at most, the oldest forgotten first.
MAX_REMEMBERED = 50_000


class InboundService:
    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock
        self._count = 0
        self._here: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def first_delivery(self, key: str) -> bool:
        """Claim `key` (a request's signature, or "event:<id>"); False if already claimed."""
        now = self._clock.now()
        self._count += 1
        with self._sessions.begin() as session:
            repo = SeenRequestRepository(session)
            if self._count % PRUNE_EVERY == 0:
                repo.forget_before(now - 2 * WINDOW)
            return repo.claim(key, now)

    def first_here(self, key: str) -> bool:
        """Claim `key` in this process's memory only: for work that changes nothing, whose
        replay reaching another process could at worst show the same answer twice."""
        now = time.monotonic()
        with self._lock:
            while self._here and (
                len(self._here) >= MAX_REMEMBERED
                or next(iter(self._here.values())) < now - 2 * WINDOW.total_seconds()
            ):
                self._here.popitem(last=False)
            if key in self._here:
                return False
            self._here[key] = now
            return True
