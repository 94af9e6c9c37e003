"""The App Home tab: published afresh when someone opens it, pages, and a board's summary.

`publish_home` is for any listener whose work changed what someone's Home shows (a button
pressed on it): call it after the change, outside your own `working()` turn.
"""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import App, Respond
from slack_sdk import WebClient

from bot.commands.replies import Notice
from bot.errors import BotError, InvalidInput
from bot.services import Services
from bot.slack.blocks.home import build_home
from bot.slack.blocks.replies import build_reply
from bot.slack.ids import HOME_NEXT, HOME_PREVIOUS, HOME_SUMMARY
from bot.slack.listeners.later import acknowledge, later, working


def publish_home(
    services: Services, client: WebClient, user_id: str, *, mine_page: int = 1, boards_page: int = 1
) -> None:
    """Read `user_id`'s Home and publish it (views.publish replaces the whole view)."""
    with working():
        home = services.home.view(
            services.caller(user_id), mine_page=mine_page, boards_page=boards_page
        )
        view = build_home(home)
    client.views_publish(user_id=user_id, view=view)


def register(app: App, services: Services) -> None:
    def opened(body: dict[str, Any], client: WebClient, _respond: Respond) -> None:
        event = body["event"]
        if event.get("tab") == "home":
            publish_home(services, client, event["user"])

    def turn_page(body: dict[str, Any], client: WebClient, _respond: Respond) -> None:
        pages = _pages(_value(body))
        publish_home(services, client, body["user"]["id"], **pages)

    def send_summary(body: dict[str, Any], client: WebClient, _respond: Respond) -> None:
        user_id = body["user"]["id"]
        value = _value(body)
        try:
            if not value.isdigit():
                raise InvalidInput("This button names no board. Use `/actions summary <board>`.")
            services.summaries.send_privately(services.caller(user_id), int(value))
        except BotError as error:
            # A press on the Home tab has no response_url: the answer goes by direct message.
            notice = Notice(error.user_message, error=True)
            client.chat_postMessage(channel=user_id, **build_reply(notice))

    # Publishing only reads, and replaces the whole view: its claim need not be a database write.
    app.event("app_home_opened")(
        ack=acknowledge, lazy=[later("home", services, opened, reads_only=lambda body: True)]
    )
    for action_id in (HOME_PREVIOUS, HOME_NEXT):
        app.action(action_id)(
            ack=acknowledge,
            lazy=[later("home page", services, turn_page, reads_only=lambda body: True)],
        )
    # Sends a direct message: claimed in the database, so a replayed press sends it once.
    app.action(HOME_SUMMARY)(ack=acknowledge, lazy=[later("home summary", services, send_summary)])


def _value(body: dict[str, Any]) -> str:
    return str((body.get("actions") or [{}])[0].get("value", ""))


def _pages(value: str) -> dict[str, int]:
    """The pages a pager button asks for; anything unreadable is the first page."""
    try:
        asked = json.loads(value)
    except ValueError:
        asked = {}
    asked = asked if isinstance(asked, dict) else {}
    pages = {"mine_page": asked.get("mine"), "boards_page": asked.get("boards")}
    return {key: page if isinstance(page, int) else 1 for key, page in pages.items()}
