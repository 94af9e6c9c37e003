"""Scheduled reminder work: each job asks one service method; claims make repeats harmless."""

from __future__ import annotations

from bot.services import Services


def send_due_reminders(services: Services) -> None:
    services.reminders.send_due()


def catch_up_reminders(services: Services) -> None:
    # Also finds open actions without a cursor (rows written outside the application).
    services.reminders.send_due(thorough=True)
