"""Scheduled reminder work: each job asks one service method; claims make repeats harmless."""

from __future__ import annotations

import logging
import threading

from bot.services import Services

log = logging.getLogger(__name__)

# One sweep at a time in a process. The minute's sweep and the hourly catch-up would otherwise
# overlap on a big morning (the first after an install looks up every lead's Slack profile, at
# Slack's 100 a minute) and share that budget asking for the same people twice. A minute's sweep
# skipped for this loses nothing: the running one sends what it found, the next finds the rest;
# the catch-up waits its turn.
_sweeping = threading.Lock()


def send_due_reminders(services: Services) -> None:
    _sweep(services, thorough=False)


def catch_up_reminders(services: Services) -> None:
    # Also finds open actions without a cursor (rows written outside the application).
    _sweep(services, thorough=True)


def _sweep(services: Services, *, thorough: bool) -> None:
    if not _sweeping.acquire(blocking=thorough):
        log.info("a reminder sweep is still running in this process; this one is skipped")
        return
    try:
        services.reminders.send_due(thorough=thorough)
    finally:
        _sweeping.release()
