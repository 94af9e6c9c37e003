"""The App Home tab: published afresh each time someone opens it."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.services import Services
from bot.slack.blocks.home import build_home


def register(app: App, services: Services) -> None:
    @app.event("app_home_opened")
    def handle_app_home_opened(event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab") != "home":
            return
        user = event["user"]
        # Publishing replaces the whole view, so a retried event does no harm.
        page = services.actions.find(services.caller(user), mine=True)
        client.views_publish(user_id=user, view=build_home(page, services.actions.today()))
