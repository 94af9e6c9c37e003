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
    messenger = SlackMessenger(build_client(settings))
    return build_services(
        settings, clock=clock, migrate=migrate, notifier=messenger, publisher=messenger
    )
