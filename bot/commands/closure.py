"""/actions close: a secretary records the meeting at which the board agreed to close an action."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.boards.recurrence import parse_meeting_date
from bot.commands.args import parse_id, split_options
from bot.commands.registry import Context, Verb
from bot.commands.replies import ActionCard, Reply
from bot.commands.tokens import Token
from bot.models.actions import Action


@dataclass(frozen=True)
class CloseArgs:
    action_id: int
    meeting: date | None = None
    note: str | None = None


def parse_close(tokens: list[Token]) -> CloseArgs:
    action_id = parse_id(tokens[0] if tokens else None)
    words = split_options(tokens[1:], {"meeting"})
    meeting = words.one("meeting")
    return CloseArgs(
        action_id,
        parse_meeting_date(meeting) if meeting is not None else None,
        words.text or None,
    )


def run_close(args: CloseArgs, context: Context) -> Reply:
    service = context.services.actions
    action = service.close(context.caller, args.action_id, meeting=args.meeting, note=args.note)
    return ActionCard(f"Closed by the board: #{action.id}", action, service.today())


def closure_notes(action: Action) -> tuple[str, ...]:
    """What a lead's done leads to when the board closes the action itself."""
    if not action.closure_pending:
        return ()
    return (
        "Proposed for closure: reminders have stopped, and the board's summary lists it "
        "until a secretary records that the board agreed with "
        f"`/actions close {action.id}`.",
    )


VERBS = (
    Verb(
        "close",
        "/actions close <id> [meeting:<date>] [<note...>]",
        "Record that the board closed an action, at its latest meeting or the one named "
        "(the board's secretaries). Only a secretary can then reopen it.",
        '/actions close 12 meeting:"20 October 2022" the board accepted the report',
        parse_close,
        run_close,
    ),
)
