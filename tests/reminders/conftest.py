"""Reminder test doubles: a notifier that records digests and can be told to fail."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from bot.clock import FixedClock
from bot.config import Settings
from bot.reminders.digest import Digest
from bot.reminders.ports import MessageOutcome, UserProfile
from bot.services import Services, build_services


@dataclass
class RecordingNotifier:
    """Keeps every digest; `profiles` answers lookups; `failures` fails the next sends."""

    profiles: dict[str, UserProfile] = field(default_factory=dict)
    digests: list[Digest] = field(default_factory=list)
    lookups: list[str] = field(default_factory=list)
    # recipient -> list of (error, permanent) to answer, one per send, before succeeding
    failures: dict[str, list[tuple[str, bool]]] = field(default_factory=dict)

    def lookup_user(self, user_id: str) -> UserProfile | None:
        self.lookups.append(user_id)
        return self.profiles.get(user_id, UserProfile(user_id, "Europe/London"))

    def send_digest(self, digest: Digest) -> list[MessageOutcome]:
        ids = tuple(item.delivery_id for item in digest.items)
        queue = self.failures.get(digest.recipient)
        if queue:
            error, permanent = queue.pop(0)
            return [MessageOutcome(ids, error=error, permanent=permanent)]
        self.digests.append(digest)
        return [MessageOutcome(ids)]

    def to(self, recipient: str) -> list[Digest]:
        return [d for d in self.digests if d.recipient == recipient]


@pytest.fixture
def notifier() -> RecordingNotifier:
    return RecordingNotifier()


@pytest.fixture
def reminder_services(
    settings: Settings,
    clock: FixedClock,
    migrated_engine: Engine,
    sessions: sessionmaker,
    notifier: RecordingNotifier,
) -> Services:
    return build_services(
        settings,
        clock=clock,
        engine=migrated_engine,
        sessions=sessions,
        migrate=False,
        notifier=notifier,
    )
