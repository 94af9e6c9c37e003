"""The App Home tab: published afresh each time someone opens it."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, Respond
from slack_sdk import WebClient

from bot.services import Services
from bot.slack.blocks.home import build_home
from bot.slack.listeners.later import acknowledge, later, working


def register(app: App, services: Services) -> None:
    def publish_home(body: dict[str, Any], client: WebClient, _respond: Respond) -> None:
        event = body["event"]
        if event.get("tab") != "home":
            return
        user = event["user"]
        with working():
            page = services.actions.find(services.caller(user), mine=True)
            view = build_home(page, services.actions.today())
        client.views_publish(user_id=user, view=view)

    # Publishing only reads, and replaces the whole view: its claim need not be a database write.
    app.event("app_home_opened")(
        ack=acknowledge,
        lazy=[later("home", services, publish_home, reads_only=lambda body: True)],
    )
