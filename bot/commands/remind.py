"""/actions remind: a secretary nudges an action's leads now, with an optional note."""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands.args import parse_id, split_options
from bot.commands.registry import Context, Verb
from bot.commands.replies import ActionCard, Reply
from bot.commands.tokens import Token


@dataclass(frozen=True)
class RemindArgs:
    action_id: int
    note: str | None


def parse_remind(tokens: list[Token]) -> RemindArgs:
    action_id = parse_id(tokens[0] if tokens else None)
    return RemindArgs(action_id, split_options(tokens[1:], set()).text or None)


def run_remind(args: RemindArgs, context: Context) -> Reply:
    services = context.services
    result = services.reminders.nudge(context.caller, args.action_id, args.note)
    people = ", ".join(f"<@{user}>" for user in result.reached)
    notes = [f"Could not reach {who}: {why}." for who, why in result.missed]
    notes.append("The scheduled reminders still go out as planned.")
    return ActionCard(
        f"Reminder sent to {people} about #{result.action.id}",
        result.action,
        services.actions.today(),
        notes=tuple(notes),
        caller_note=args.note,
    )


# The verbs of this module, in the order /actions help lists them.
VERBS = (
    Verb(
        "remind",
        "/actions remind <id> [<note...>]",
        "Remind an action's leads now, by direct message, with an optional note "
        "(secretaries). Recorded in its history.",
        "/actions remind 12 the board meets on Thursday",
        parse_remind,
        run_remind,
    ),
)
