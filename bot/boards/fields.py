"""A board's own fields as given in commands (name, short name, channel, secretaries, who may
move deadlines), checked
before they are written, and the refusals that name who may change them."""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from bot.access import Actor
from bot.boards.repository import BoardRepository
from bot.errors import InvalidInput, PermissionDenied
from bot.models.boards import Board, BoardSecretary, DeadlineChanges

MAX_NAME = 200
MAX_SHORT = 40
_SHORT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
CHANNEL_ID = re.compile(r"[CG][A-Z0-9]{2,}")
USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")
UNSET: object = object()


def apply_fields(
    session: Session,
    board: Board,
    short_name: object,
    channel_id: object,
    secretaries: object,
    deadline_changes: object = UNSET,
) -> None:
    if short_name is not UNSET and short_name is not None:
        short = _short(str(short_name))
        other = BoardRepository(session).by_name(short)
        if other is not None and other.id != board.id:
            raise InvalidInput(f"“{short}” already names the board {other.name}.")
        board.short_name = short
    elif short_name is None:
        board.short_name = None
    if channel_id is not UNSET:
        board.channel_id = _channel(channel_id)
    if secretaries is not UNSET and secretaries is not None:
        ids = list(dict.fromkeys(secretaries))  # type: ignore[call-overload]
        bad = [user for user in ids if not USER_ID.fullmatch(user)]
        if bad:
            raise InvalidInput(
                f"“{bad[0]}” is not a Slack user; mention people, e.g. secretary:@alice."
            )
        board.secretaries = [BoardSecretary(slack_user_id=user) for user in ids]
    if deadline_changes is not UNSET:
        board.deadline_changes = _deadline_changes(deadline_changes)
    session.flush()


def board_name(name: str) -> str:
    clean = " ".join((name or "").split())
    if not clean:
        raise InvalidInput(
            'A board needs a name, e.g. `/actions board add "Performance and Risk '
            'Oversight Board" short:PROB`.'
        )
    if len(clean) > MAX_NAME:
        raise InvalidInput(f"A board name can be at most {MAX_NAME} characters.")
    return clean


def _short(value: str) -> str:
    if len(value) > MAX_SHORT or not _SHORT.fullmatch(value):
        raise InvalidInput(
            f"“{value}” cannot be a short name: use up to {MAX_SHORT} letters, "
            "digits, dots, dashes or underscores, e.g. short:PROB."
        )
    return value


def _channel(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not CHANNEL_ID.fullmatch(value):
        raise InvalidInput(
            f"“{value}” is not a Slack channel; pick it from the list Slack offers "
            "after typing #, e.g. channel:#prob-board."
        )
    return value


def _deadline_changes(value: object) -> DeadlineChanges | None:
    if value is None:
        return None
    try:
        return DeadlineChanges(str(value).strip().lower())
    except ValueError:
        raise InvalidInput(
            f"“{value}” is not who may move deadlines: use deadlines:lead (a lead moves them "
            "alone), deadlines:secretary (a lead proposes, a secretary accepts) or "
            "deadlines:none (follow DEADLINE_CHANGES)."
        ) from None


def require_global_secretary(actor: Actor, what: str) -> None:
    if not actor.is_secretary:
        raise PermissionDenied(
            f"Only a secretary of every board can {what}. Ask the bot's "
            "administrator to add you to SECRETARY_USER_IDS."
        )


def require_manager(actor: Actor, board: Board, what: str) -> None:
    if not actor.manages(board.id):
        raise PermissionDenied(
            f"Only a secretary of {board.name} can {what}. "
            f"`/actions board {quoted(board.label)}` shows who they are."
        )


def quoted(name: str) -> str:
    return f'"{name}"' if " " in name else name
