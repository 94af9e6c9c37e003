"""Stopping when asked, without losing or repeating a message.

A deploy, `docker stop` or the supervisor of `actionbot run` asks a process to stop with SIGTERM
(a terminal with SIGINT). Scheduled sending then finishes the message it is sending and records
it, begins no other, and gives back what it had claimed and not sent, due at once for the next
sweep (`Services.stopping`, checked between messages). Killed instead, in the middle of a
morning's reminders, a process would leave its claims to wait out their lease, and a message
Slack had taken but the database had not recorded would be sent again.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

log = logging.getLogger(__name__)

SIGNALS = (signal.SIGTERM, signal.SIGINT)


class SendingStopped(Exception):
    """Raised by a call that was waiting to go to Slack (its rate limit, or a pause Slack asked
    for) when the process is asked to stop: nothing was sent."""


class Stopping:
    """Set once, when the process is asked to stop. Like a `threading.Event`, and what waits
    elsewhere (the Slack client's pacing) can ask to be woken by `when_set`."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._wake: list[Callable[[], None]] = []

    def is_set(self) -> bool:
        return self._event.is_set()

    def set(self) -> None:
        self._event.set()
        for wake in list(self._wake):
            wake()

    def clear(self) -> None:
        """Only for a process that carries on, as tests do."""
        self._event.clear()

    def when_set(self, wake: Callable[[], None]) -> None:
        self._wake.append(wake)


@contextmanager
def stop_on_signals(stopping: Stopping, *, leave: bool) -> Iterator[None]:
    """While inside, in the main thread: SIGTERM and SIGINT set `stopping`. With `leave`, they
    also raise SystemExit(0) there, to leave a loop that only waits (the scheduler's, Socket
    Mode's). Asked a second time while stopping, the process ends at once, with status 1."""

    def asked(signum: int, _frame: FrameType | None) -> None:
        if stopping.is_set():
            log.warning("asked again to stop: stopping now")
            os._exit(1)
        log.info("received %s; finishing the message being sent", signal.Signals(signum).name)
        stopping.set()
        if leave:
            raise SystemExit(0)

    before = {signum: signal.signal(signum, asked) for signum in SIGNALS}
    try:
        yield
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)
