"""The one place unexpected errors end: a reference for the user, a traceback in the log."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.commands.execute import unexpected
from bot.slack.blocks.replies import build_reply


def register(app: App, hooks_url: str) -> None:
    @app.error
    def handle_unexpected_error(error: Exception, body: dict[str, Any], respond) -> None:  # type: ignore[no-untyped-def]
        notice = unexpected(error, f"slack {body.get('command') or body.get('type', 'request')}")
        # Only ever answer at Slack's own hooks host, whatever the request carried.
        if str(body.get("response_url") or "").startswith(hooks_url):
            respond(response_type="ephemeral", replace_original=False, **build_reply(notice))
