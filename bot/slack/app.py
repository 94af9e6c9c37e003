"""Build the bolt App: the configured client, a sized listener pool and every listener.

`process_before_response=True`: each listener's `ack` function runs in the request thread and
its work runs lazily on the listener pool (bot.slack.listeners.later), so an acknowledgement
never waits for a free listener thread, for the database or for Slack.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App
from slack_sdk import WebClient

from bot.config import Settings
from bot.services import Services
from bot.slack.client import build_client
from bot.slack.identity import BotIdentity
from bot.slack.listeners import (
    action_forms,
    add_form,
    buttons,
    closure,
    commands,
    errors,
    escalation,
    home,
    imports,
    threads,
    unknown,
)

LISTENER_THREADS = 16


def build_app(settings: Settings, services: Services, client: WebClient | None = None) -> App:
    secret = settings.slack_signing_secret
    client = client or build_client(settings)
    identity = BotIdentity(client)
    app = App(
        # bolt gives each request a client of these settings with the token `authorize` gives.
        client=WebClient(
            base_url=client.base_url,
            timeout=client.timeout,
            retry_handlers=client.retry_handlers,
            logger=client.logger,
        ),
        signing_secret=secret.get_secret_value() if secret else None,
        # Socket Mode has no signatures to check; HTTP mode always does.
        request_verification_enabled=secret is not None,
        authorize=identity.authorizer(),
        process_before_response=True,
        listener_executor=ThreadPoolExecutor(
            max_workers=LISTENER_THREADS, thread_name_prefix="bolt-listener"
        ),
    )
    commands.register(app, services)
    imports.register(app, services, identity)
    home.register(app, services)
    closure.register(app, services)
    add_form.register(app, services)
    buttons.register(app, services)
    action_forms.register(app, services)
    escalation.register(app, services)
    threads.register(app, services)
    unknown.register(app, services)  # last: it takes whatever no listener above took
    errors.register(app, settings.slack_hooks_url)
    return app
