"""The /actions slash command, every verb: acknowledged at once, then run, and answered
ephemerally (or with the import or add form)."""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any

from slack_bolt import App, Respond
from slack_sdk import WebClient

from bot.commands import Context, verbs
from bot.commands.execute import execute
from bot.commands.replies import OpenAddForm, OpenImportForm
from bot.services import Services
from bot.slack.blocks.replies import build_reply
from bot.slack.listeners.add_form import open_add_form
from bot.slack.listeners.imports import open_import_form
from bot.slack.listeners.later import acknowledge, later, working

COMMAND = "/actions"


def register(app: App, services: Services) -> None:
    def run_command(command: dict[str, Any], client: WebClient, respond: Respond) -> None:
        # A command that only reads takes its turn among the few that run at once; one that
        # may write can call Slack too (a summary posted, a reminder sent), and holds no turn.
        with working() if only_reads(command) else nullcontext():
            reply = execute(command.get("text", ""), Context(command["user_id"], services))
            form = reply if isinstance(reply, OpenImportForm | OpenAddForm) else None
            message = build_reply(reply) if form is None else {}
        if isinstance(form, OpenImportForm):
            open_import_form(client, services, command["trigger_id"], form.board)
            return
        if isinstance(form, OpenAddForm):
            open_add_form(client, services, command["trigger_id"])
            return
        respond(response_type="ephemeral", **message)

    def only_reads(command: dict[str, Any]) -> bool:
        return verbs.reads_only(str(command.get("text", "")))

    app.command(COMMAND)(
        ack=acknowledge, lazy=[later("command", services, run_command, reads_only=only_reads)]
    )
