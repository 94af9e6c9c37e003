"""Moving a deadline: who may move it alone, and a lead's proposal that a secretary decides."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.access import Actor
from bot.actions.changes import change_deadline
from bot.actions.repository import ActionRepository
from bot.errors import InvalidInput, PermissionDenied
from bot.models.actions import Action, ActionEvent
from bot.models.boards import DeadlineChanges
from bot.timing import Deadline

# History fields of a proposal and its outcome; a "due" event after a proposal settles it too.
PROPOSED = "due-proposed"
ACCEPTED = "due-accepted"
DECLINED = "due-declined"
DEADLINE_FIELDS = ("due", PROPOSED, ACCEPTED, DECLINED)


@dataclass(frozen=True)
class DeadlineMove:
    """A deadline that moved, or that a lead proposes to move: what secretaries are told."""

    action_id: int
    mover: str  # the Slack user who moved or proposed it
    old: str  # the timing before, as written ("" when there was none)
    new: str
    agreed: str  # what the board agreed
    note: str | None
    proposed: bool = False  # True: it waits for a secretary's `accept` or `decline`
    # A secretary's decision on a proposal: who, whether it was accepted, and why.
    decided_by: str | None = None
    accepted: bool = False
    decision_note: str | None = None


def needs_secretary(action: Action, actor: Actor, default: DeadlineChanges) -> bool:
    """Whether this actor's move of this action's deadline is only a proposal."""
    board = action.board
    mode = board.deadline_changes if board is not None and board.deadline_changes else default
    return mode is DeadlineChanges.SECRETARY and not actor.manages(action.board_id)


def pending_proposal(session: Session, action: Action) -> ActionEvent | None:
    """The proposal waiting for a secretary: the latest deadline event, if it is a proposal."""
    latest = ActionRepository(session).latest_event(action.id, DEADLINE_FIELDS)
    return latest if latest is not None and latest.field == PROPOSED else None


def move_deadline(
    repo: ActionRepository,
    action: Action,
    deadline: Deadline,
    actor: Actor,
    note: str | None,
    default: DeadlineChanges,
) -> DeadlineMove | None:
    """Move the deadline, or propose the move where a secretary decides; None if unchanged."""
    old = action.timing_raw
    if not deadline.completed and needs_secretary(action, actor, default):
        return propose(repo, action, deadline, actor=actor, note=note)
    if change_deadline(repo, action, deadline, actor=actor, note=note):
        return moved(action, old, mover=actor.user_id, note=note)
    return None


def propose(
    repo: ActionRepository, action: Action, deadline: Deadline, *, actor: Actor, note: str | None
) -> DeadlineMove:
    if deadline.raw == action.timing_raw:
        raise InvalidInput(
            f"#{action.id} is already due {action.timing_raw or '(no deadline)'}; "
            "there is nothing to propose."
        )
    repo.record(
        action,
        actor=actor.user_id,
        at=action.updated_at,
        field=PROPOSED,
        old=action.timing_raw or None,
        new=deadline.raw or None,
        note=note,
    )
    return DeadlineMove(
        action.id,
        actor.user_id,
        action.timing_raw,
        deadline.raw,
        action.agreed_timing,
        note,
        proposed=True,
    )


def decide(
    session: Session,
    actor: Actor,
    action: Action,
    accept: bool,
    note: str | None,
    now: datetime,
    parse: Callable[[str | None], Deadline],
) -> DeadlineMove:
    """Accept or decline the pending proposal; accepting moves the deadline as proposed."""
    proposal = settle(session, actor, action, verb="accept" if accept else "decline")
    old, proposer = action.timing_raw, proposal.actor
    action.updated_at = now
    if accept:
        action.set_deadline(parse(proposal.new))
    repo = ActionRepository(session)
    repo.record(
        action,
        actor=actor.user_id,
        at=now,
        field=ACCEPTED if accept else DECLINED,
        old=old or None,
        new=proposal.new,
        note=note,
    )
    if accept:
        # The move is the lead's, made on the day a secretary agreed to it.
        repo.record(
            action,
            actor=proposer,
            at=now,
            field="due",
            old=old or None,
            new=action.timing_raw or None,
            note=proposal.note,
        )
    return DeadlineMove(
        action.id,
        proposer,
        old,
        proposal.new or "",
        action.agreed_timing,
        proposal.note,
        decided_by=actor.user_id,
        accepted=accept,
        decision_note=note,
    )


def settle(session: Session, actor: Actor, action: Action, *, verb: str) -> ActionEvent:
    """The proposal a secretary accepts or declines; refuses anyone else, or when there is none."""
    if not actor.manages(action.board_id):
        raise PermissionDenied(
            f"Only a secretary of the action's board can {verb} a new deadline. A lead "
            f"proposes one with `/actions update {action.id} due:<timing> <why>`."
        )
    proposal = pending_proposal(session, action)
    if proposal is None:
        raise InvalidInput(
            f"#{action.id} has no proposed deadline waiting to be decided. "
            f"`/actions show {action.id}` shows its history."
        )
    return proposal


def moved(action: Action, old: str, *, mover: str, note: str | None) -> DeadlineMove:
    return DeadlineMove(action.id, mover, old, action.timing_raw, action.agreed_timing, note)


def move_headline(move: DeadlineMove) -> str:
    """One line for notifications."""
    if move.decided_by is not None:
        verdict = "accepted" if move.accepted else "declined"
        return f"The new deadline proposed for action #{move.action_id} was {verdict}"
    if move.proposed:
        return f"A new deadline is proposed for action #{move.action_id}"
    return f"The deadline of action #{move.action_id} moved"


def _as_is(text: str) -> str:
    return text


def move_sentence(
    move: DeadlineMove,
    person: Callable[[str], str],
    clean: Callable[[str], str] = _as_is,
) -> str:
    """What happened, in the bot's words: `person` renders a user id, `clean` escapes text."""
    old, new, agreed = (clean(t or "no deadline") for t in (move.old, move.new, move.agreed))
    what = f"the deadline of #{move.action_id} from {old} to {new}"
    board = f" (the board agreed {agreed})"
    if move.decided_by is not None:
        verdict = "accepted" if move.accepted else "declined"
        return (
            f"{person(move.decided_by)} {verdict} {person(move.mover)}'s proposal to move "
            f"{what}{board}."
        )
    if move.proposed:
        return (
            f"{person(move.mover)} proposes moving {what}{board}. Accept it with "
            f"`/actions accept {move.action_id}`, or decline it with "
            f"`/actions decline {move.action_id} {clean('<why>')}`."
        )
    return f"{person(move.mover)} moved {what}{board}."
