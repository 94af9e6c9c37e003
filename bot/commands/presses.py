"""What an action's Mark done and Update forms do: `done` and `update`, at the version shown."""

from __future__ import annotations

from bot.commands.args import parse_status
from bot.commands.closure import closure_notes
from bot.commands.deadlines import move_notes
from bot.commands.registry import Context
from bot.commands.replies import ActionCard
from bot.errors import InvalidInput
from bot.leads.service import LeadRef
from bot.models.actions import Status


def press_done(context: Context, action_id: int, version: int, note: str) -> ActionCard:
    """`/actions done <id> <note>`, refused if the action changed since the form opened."""
    service = context.services.actions
    # As `update status:done`: the same rules (a board that closes actions itself, rights).
    action = service.change(
        context.caller, action_id, status=Status.DONE, note=note or None, version=version
    ).action
    return ActionCard(
        f"Done: #{action.id}",
        action,
        service.today(),
        caller_note=note or None,
        notes=closure_notes(action),
    )


def press_update(
    context: Context,
    action_id: int,
    version: int,
    *,
    status: str = "",
    timing: str = "",
    leads: list[str] | None = None,
    note: str = "",
) -> ActionCard:
    """`/actions update` with what the form changed: a field left as it was changes nothing.
    `leads` are names, each read as `lead:` reads one; None leaves the leads as they are."""
    service = context.services.actions
    shown = service.get(action_id)
    if leads is not None and not leads:
        raise InvalidInput("An action needs at least one lead: choose one, or type a lead's name.")
    same_leads = leads is None or sorted(n.casefold() for n in leads) == sorted(
        name.casefold() for name in shown.leads
    )
    result = service.change(
        context.caller,
        action_id,
        status=parse_status(status) if status and status != shown.status else None,
        timing=timing if timing != shown.timing_raw else None,
        leads=None if same_leads else [LeadRef(name=name) for name in leads or []],
        note=note or None,
        version=version,
    )
    return ActionCard(
        f"Updated #{result.action.id}",
        result.action,
        service.today(),
        caller_note=note or None,
        notes=(*closure_notes(result.action), *move_notes(result.move, context)),
    )
