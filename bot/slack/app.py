"""Build the bolt App: the configured client, a sized listener pool and every listener."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App
from slack_sdk import WebClient

from bot.config import Settings
from bot.services import Services
from bot.slack.client import build_client
from bot.slack.listeners import commands, errors, home, imports

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
    imports.register(app, services)  # first: it takes "/actions import" from commands
    commands.register(app, services)
    home.register(app, services)
    errors.register(app)
    return app
