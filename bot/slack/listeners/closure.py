"""The "Board closed it" button on a summary's proposed actions: /actions close, pressed."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import App, Respond
from slack_sdk import WebClient

from bot.commands import Context
from bot.commands.execute import execute
from bot.commands.replies import Notice
from bot.services import Services
from bot.slack.blocks.replies import build_reply
from bot.slack.ids import CLOSURE_CLOSE
from bot.slack.listeners.later import acknowledge, later

_ACTION_ID = re.compile(r"\d{1,9}")


def register(app: App, services: Services) -> None:
    def close_action(body: dict[str, Any], _client: WebClient, respond: Respond) -> None:
        value = str((body.get("actions") or [{}])[0].get("value", ""))
        if _ACTION_ID.fullmatch(value):
            # The command checks the presser's rights and says why when they have none.
            reply = execute(f"close {value}", Context(body["user"]["id"], services))
        else:
            reply = Notice(
                "This button names no action, so nothing was changed. Use `/actions close <id>`.",
                error=True,
            )
        # Privately, to whoever pressed: the summary itself stays as it was posted.
        respond(response_type="ephemeral", replace_original=False, **build_reply(reply))

    app.action(CLOSURE_CLOSE)(ack=acknowledge, lazy=[later("closure", services, close_action)])
