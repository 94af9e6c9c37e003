"""Scheduled summary work: each job asks one service method; claims make repeats harmless."""

from __future__ import annotations

from bot.services import Services


def extend_meeting_calendars(services: Services) -> None:
    services.boards.extend_calendars()


def post_due_summaries(services: Services) -> None:
    services.summaries.post_due_summaries()


def send_update_requests(services: Services) -> None:
    services.summaries.send_update_requests()
