"""The /actions verbs that decide a proposed deadline, and what a reply says of any move."""

from __future__ import annotations

from bot.actions.deadlines import DeadlineMove
from bot.actions.results import Updated
from bot.commands.args import parse_id, split_options
from bot.commands.registry import Context, Verb
from bot.commands.replies import ActionCard, Reply
from bot.commands.tokens import Token


def move_notes(move: DeadlineMove | None, context: Context) -> tuple[str, ...]:
    """Tell the secretaries of the move (after it is saved), and say in the reply who was told."""
    if move is None:
        return ()
    notes = []
    if move.proposed:
        notes.append(
            f"Proposed: {move.new or 'no deadline'}. A board secretary accepts or declines it; "
            f"until then the deadline stays {move.old or 'unset'}."
        )
    announced = context.services.reminders.announce_move(move)
    secretaries = len([user for user in announced.told if user != move.mover])
    if move.decided_by is not None and move.mover in announced.told:
        notes.append("The lead who proposed it was told by direct message.")
    if secretaries:
        plural = "secretary" if secretaries == 1 else "secretaries"
        notes.append(f"Told {secretaries} {plural} by direct message.")
    elif not announced.missed:
        notes.append("No secretary to tell: the board has none, and SECRETARY_USER_IDS is empty.")
    for _, why in announced.missed:
        notes.append(f"A direct message to a secretary failed ({why}); the change is saved.")
    return tuple(notes)


def parse_decision(tokens: list[Token]) -> tuple[int, str | None]:
    action_id = parse_id(tokens[0] if tokens else None)
    return action_id, split_options(tokens[1:], set()).text or None


def _runner(accept: bool):  # type: ignore[no-untyped-def]
    def run(args: tuple[int, str | None], context: Context) -> Reply:
        service = context.services.actions
        result: Updated = service.decide_deadline(
            context.caller, args[0], accept=accept, note=args[1]
        )
        verdict = "Accepted the new deadline of" if accept else "Declined the new deadline of"
        return ActionCard(
            f"{verdict} #{result.action.id}",
            result.action,
            service.today(),
            notes=move_notes(result.move, context),
        )

    return run


VERBS = (
    Verb(
        "accept",
        "/actions accept <id> [<note...>]",
        "Accept the deadline a lead proposed (board secretaries, where DEADLINE_CHANGES or the "
        "board's deadlines: is secretary).",
        "/actions accept 7",
        parse_decision,
        _runner(True),
    ),
    Verb(
        "decline",
        "/actions decline <id> [<note...>]",
        "Decline the deadline a lead proposed, saying why; the deadline stays as it is.",
        "/actions decline 7 the board expects it by September",
        parse_decision,
        _runner(False),
    ),
)
