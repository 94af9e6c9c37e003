"""Services whose reminders and summaries go to Slack through the configured client."""

from __future__ import annotations

from bot.clock import Clock
from bot.config import Settings
from bot.services import Services, build_services
from bot.slack.client import build_client
from bot.slack.messenger import SlackMessenger


def slack_services(
    settings: Settings, *, migrate: bool = False, clock: Clock | None = None
) -> Services:
    client = build_client(settings)
    messenger = SlackMessenger(client)
    services = build_services(
        settings, clock=clock, migrate=migrate, notifier=messenger, publisher=messenger
    )
    # Stopping, a call waiting for Slack's rate limit is not made: it could wait a minute.
    services.stopping.when_set(client.pacer.stop)
    return services
