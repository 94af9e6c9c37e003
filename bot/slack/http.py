"""The Slack part of the HTTP server: a WSGI callable for /slack/events around the bolt App."""

from __future__ import annotations

from typing import Any

from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.config import Settings
from bot.services import Services
from bot.slack.app import build_app


def build_slack_wsgi(settings: Settings, services: Services) -> Any:
    """The WSGI callable that answers Slack's requests."""
    return SlackRequestHandler(build_app(settings, services))
