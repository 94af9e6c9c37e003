"""Summary fixtures: services that publish into a recording double instead of Slack."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import pytest

from bot.services import Services, build_services
from bot.summaries.ports import FileUpload, Postable, PublishError, Recipient


@dataclass
class RecordingPublisher:
    """Keeps every post and upload; `fail_with` makes the next posts raise."""

    posts: list[tuple[Recipient, Postable]] = field(default_factory=list)
    uploads: list[tuple[Recipient, FileUpload]] = field(default_factory=list)
    fail_with: list[PublishError] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def post(self, to: Recipient, content: Postable) -> int:
        with self._lock:
            if self.fail_with:
                raise self.fail_with.pop(0)
            self.posts.append((to, content))
        return 1

    def upload(self, to: Recipient, file: FileUpload) -> None:
        with self._lock:
            self.uploads.append((to, file))


@pytest.fixture
def publisher() -> RecordingPublisher:
    return RecordingPublisher()


@pytest.fixture
def services(settings, clock, migrated_engine, sessions, publisher) -> Services:  # type: ignore[no-untyped-def]
    return build_services(
        settings,
        clock=clock,
        engine=migrated_engine,
        sessions=sessions,
        migrate=False,
        publisher=publisher,
    )
