"""Build the bolt App: the configured client, a sized listener pool and every listener."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient

from bot.config import Settings
from bot.services import Services
from bot.slack.client import build_client
from bot.slack.listeners import commands, errors, home, imports, unknown

LISTENER_THREADS = 16


def build_app(settings: Settings, services: Services, client: WebClient | None = None) -> App:
    secret = settings.slack_signing_secret
    app = App(
        client=client or build_client(settings),
        signing_secret=secret.get_secret_value() if secret else None,
        # Socket Mode has no signatures to check; HTTP mode always does.
        request_verification_enabled=secret is not None,
        token_verification_enabled=False,
        listener_executor=ThreadPoolExecutor(
            max_workers=LISTENER_THREADS, thread_name_prefix="bolt-listener"
        ),
    )
    commands.register(app, services)
    imports.register(app, services)
    home.register(app, services)
    if settings.slack_app_token is not None:
        # Over HTTP the signature check has already claimed each event id (bot.slack.http).
        app.use(_first_delivery_of_events(services))
    unknown.register(app)  # last: it takes whatever no listener above took
    errors.register(app, settings.slack_hooks_url)
    return app


def _first_delivery_of_events(services: Services) -> Callable[..., BoltResponse | None]:
    """Slack retries an event it thinks was lost; handle each event id once."""

    def handle_each_event_once(
        body: dict[str, Any], next: Callable[[], None]
    ) -> BoltResponse | None:
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not services.inbound.first_delivery(f"event:{event_id}"):
            return BoltResponse(status=200, body="")
        next()
        return None

    return handle_each_event_once
