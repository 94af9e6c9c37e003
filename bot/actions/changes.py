"""One change to an action: who may make it, and how it is written with its history entry."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.access import Actor
from bot.actions.repository import ActionRepository
from bot.errors import PermissionDenied
from bot.leads.repository import LeadRepository
from bot.models.actions import Action, ActionLead, Status
from bot.models.leads import Lead
from bot.timing import Deadline


def check_may_change(session: Session, actor: Actor, action: Action, *, changes_lead: bool) -> None:
    """A secretary of the action's board may change anything; a lead's people, all but its leads."""
    if actor.manages(action.board_id):
        return
    if changes_lead:
        raise PermissionDenied(
            "Only a board secretary can change who leads an action. You can update its "
            "status, due date and notes if you are one of its leads."
        )
    mine = {lead.id for lead in LeadRepository(session).for_user(actor.user_id)}
    if not mine & {lead.id for lead in action.leads}:
        raise PermissionDenied(
            f"#{action.id} is led by {action.lead_names}, and you are not mapped to that "
            "lead, so only a board secretary can change it. Ask a secretary to map you "
            "with `/actions lead <name> @you`."
        )


def change_deadline(
    repo: ActionRepository, action: Action, deadline: Deadline, *, actor: Actor, note: str | None
) -> bool:
    old = action.timing_raw
    if deadline.raw == old:
        return False
    action.set_deadline(deadline)
    repo.record(
        action,
        actor=actor.user_id,
        at=action.updated_at,
        field="due",
        old=old or None,
        new=deadline.raw or None,
        note=note,
    )
    return True


def change_leads(
    session: Session,
    repo: ActionRepository,
    action: Action,
    leads: list[Lead],
    *,
    actor: Actor,
    note: str | None,
) -> bool:
    old = action.lead_names
    if [lead.id for lead in leads] == [lead.id for lead in action.leads]:
        return False
    action.lead_links = [ActionLead(lead=lead, position=i) for i, lead in enumerate(leads)]
    session.flush()
    repo.record(
        action,
        actor=actor.user_id,
        at=action.updated_at,
        field="lead",
        old=old,
        new=" and ".join(lead.name for lead in leads),
        note=note,
    )
    return True


def change_status(
    repo: ActionRepository,
    action: Action,
    status: Status,
    *,
    actor: Actor,
    note: str | None,
    proposes: bool = False,
) -> bool:
    """`proposes`: a change to done waits for the board to agree (see bot/actions/closure.py)."""
    old = action.status
    if old == status:
        return False
    action.status = status
    action.closure_pending = status is Status.DONE and proposes
    if status is not Status.DONE:
        # Reopened or dropped: the board's earlier closure no longer holds (the history keeps it).
        action.closure_confirmed_at = None
        action.closure_confirmed_by = None
        action.closure_meeting_date = None
    repo.record(
        action,
        actor=actor.user_id,
        at=action.updated_at,
        field="status",
        old=str(old),
        new=str(status),
        note=note,
    )
    return True


def load_for_reply(session: Session, action: Action) -> None:
    """Write, then read back every eagerly loaded relation so the reply can use them."""
    session.flush()
    session.refresh(action)
