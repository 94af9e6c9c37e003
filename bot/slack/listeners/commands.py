"""The /actions slash command: ack at once, run the command, answer ephemerally."""

from __future__ import annotations

from slack_bolt import Ack, App, Respond

from bot.commands import Context
from bot.commands.execute import execute
from bot.services import Services
from bot.slack.blocks.replies import build_reply

COMMAND = "/actions"


def register(app: App, services: Services) -> None:
    @app.command(COMMAND)
    def handle_actions_command(ack: Ack, command: dict, respond: Respond) -> None:
        ack()
        reply = execute(command.get("text", ""), Context(command["user_id"], services))
        respond(response_type="ephemeral", **build_reply(reply))
