"""The /actions slash command, every verb: ack at once, run the command, answer ephemerally
(or open the import form)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.commands import Context
from bot.commands.execute import execute
from bot.commands.replies import OpenImportForm
from bot.services import Services
from bot.slack.blocks.replies import build_reply
from bot.slack.listeners.imports import open_import_form

COMMAND = "/actions"


def register(app: App, services: Services) -> None:
    @app.command(COMMAND)
    def handle_actions_command(
        ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        ack()
        reply = execute(command.get("text", ""), Context(command["user_id"], services))
        if isinstance(reply, OpenImportForm):
            open_import_form(client, services, command["trigger_id"], reply.board)
            return
        respond(response_type="ephemeral", **build_reply(reply))
