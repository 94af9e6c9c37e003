"""Closure by the board: when a "done" waits for the board, who may undo a board's closure,
and recording the meeting at which the board agreed to close an action."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from bot.access import Actor
from bot.actions.changes import change_status
from bot.actions.repository import ActionRepository
from bot.boards.repository import BoardRepository
from bot.errors import InvalidInput, NotFound, PermissionDenied
from bot.models.actions import Action, Status
from bot.models.boards import Board, Meeting
from bot.timing import format_date


def needs_board(action: Action, default: bool) -> bool:
    """Whether a "done" on this action only proposes closure: the board's own setting, else
    CLOSURE_NEEDS_BOARD. An action of no board has no board to agree, so "done" closes it."""
    board = action.board
    if board is None:
        return False
    return default if board.closure_needs_board is None else board.closure_needs_board


def closure_text(action: Action) -> str:
    """'at its meeting of 24 June 2022', or '' when the meeting is not known."""
    day = action.closure_meeting_date
    return f"at its meeting of {format_date(day)}" if day is not None else ""


def check_may_change_status(actor: Actor, action: Action, status: Status | None) -> None:
    """Only a secretary of its board may undo what the board closed."""
    if status is None or status == action.status or not action.closed_by_board:
        return
    if actor.manages(action.board_id):
        return
    board = action.board
    name = board.name if board is not None else "its board"
    when = closure_text(action)
    label = board.label if board is not None else ""
    where = f" `/actions board {quoted(label)}` shows who they are." if label else ""
    raise PermissionDenied(
        f"The board closed #{action.id}{' ' + when if when else ''}, so only a secretary of "
        f"{name} can reopen it or change its status.{where} You can still add a note with "
        f"`/actions update {action.id} <note>`."
    )


def confirm(action: Action, meeting: date | None, actor_id: str, at: datetime) -> None:
    """Record that the board closed the action (at the meeting of that date, when known)."""
    action.closure_pending = False
    action.closure_confirmed_at = at
    action.closure_confirmed_by = actor_id
    action.closure_meeting_date = meeting


def close_by_board(
    session: Session,
    actor: Actor,
    action: Action,
    day: date | None,
    today: date,
    note: str | None,
) -> None:
    """`/actions close`: the board agreed at a meeting that the action is complete."""
    board = action.board
    if board is None:
        raise InvalidInput(
            f"#{action.id} belongs to no board, so no board can close it; "
            f"`/actions done {action.id}` closes it."
        )
    if not actor.manages(board.id):
        raise PermissionDenied(
            f"Only a secretary of {board.name} can record that the board closed an action. "
            f"`/actions board {quoted(board.label)}` shows who they are."
        )
    if action.closed_by_board:
        when = closure_text(action)
        raise InvalidInput(
            f"#{action.id} is already closed by the board{' ' + when if when else ''}."
        )
    if action.status == Status.DROPPED:
        raise InvalidInput(
            f"#{action.id} was dropped, not done. If the board agreed that it is complete, "
            f"`/actions update {action.id} status:done` first, then close it."
        )
    meeting = closing_meeting(session, board, day, today, action.id)
    repo = ActionRepository(session)
    if action.status != Status.DONE:
        change_status(repo, action, Status.DONE, actor=actor, note=note)
    confirm(action, meeting.date, actor.user_id, action.updated_at)
    repo.record(
        action,
        actor=actor.user_id,
        at=action.updated_at,
        field="closure",
        new=format_date(meeting.date),
        note=note,
    )


def closing_meeting(
    session: Session, board: Board, day: date | None, today: date, action_id: int
) -> Meeting:
    """The meeting named, or the board's latest held by today; it must have taken place."""
    repo = BoardRepository(session)
    repo.extend_rule(board, today)
    name = quoted(board.label)
    if day is None:
        meeting = repo.latest_meeting(board, today)
        if meeting is None:
            raise NotFound(
                f"{board.name} has no meeting on or before today, so I cannot tell which "
                f"meeting agreed. Add it with `/actions meeting {name} <date>`, then "
                f"`/actions close {action_id} meeting:<date>`."
            )
        return meeting
    if day > today:
        raise InvalidInput(
            f"The meeting of {format_date(day)} has not happened yet; the board can close "
            "an action only at a meeting it has held. Leave out meeting: for its latest one."
        )
    meeting = repo.meeting_on(board, day)
    if meeting is None or meeting.cancelled:
        state = "a cancelled meeting" if meeting is not None else "no meeting"
        raise NotFound(
            f"{board.name} has {state} on {format_date(day)}. If the board met that day, "
            f"add it with `/actions meeting {name} {format_date(day)}`, then close the action."
        )
    return meeting


def quoted(name: str) -> str:
    return f'"{name}"' if " " in name else name
