"""A secretary's nudge: remind an action's leads now, outside the schedule, and note it."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bot.models.actions import Action
from bot.actions.repository import ActionRepository
from bot.access import Caller
from bot.actions.service import MAX_NOTE
from bot.clock import Clock
from bot.errors import BotError, InvalidInput, NotFound, PermissionDenied
from bot.reminders.digest import Digest
from bot.reminders.items import build_item
from bot.reminders.planning import DEACTIVATED, MISSING, NO_USER, Config
from bot.reminders.ports import Notifier
from bot.reminders.profiles import ProfileBook


class NotDelivered(BotError):
    """Nobody could be reached; nothing was recorded."""


@dataclass(frozen=True)
class NudgeResult:
    action: Action
    reached: tuple[str, ...]
    # (who, why) for each user or lead that could not be reached.
    missed: tuple[tuple[str, str], ...] = ()


def send_nudge(sessions: sessionmaker[Session], clock: Clock, notifier: Notifier, profiles: ProfileBook,
               config: Config, actor: Caller, action_id: int, note: str | None) -> NudgeResult:
    note = " ".join((note or "").split()) or None
    if note is not None and len(note) > MAX_NOTE:
        raise InvalidInput(f"The note is {len(note)} characters; the most is {MAX_NOTE}.")
    now = clock.now()
    action, users, unmapped = _load(sessions, actor, action_id)
    people = profiles.lookup(users, now)
    reached: list[str] = []
    missed = [(f"lead {name}", NO_USER) for name in unmapped]
    for user in users:
        profile = people.get(user)
        if profile is not None and not profile.reachable:
            missed.append((user, DEACTIVATED if profile.account == "deactivated" else MISSING))
            continue
        tz = (profile.tz if profile is not None else None) or config.default_tz
        item = build_item(0, action, kind="nudge", rule="nudge", reason=None, tz=tz, now=now)
        digest = Digest(user, now.astimezone(ZoneInfo(tz)).date(), (item,),
                        nudged_by=actor.user_id, note=note)
        errors = [out.error for out in notifier.send_digest(digest) if not out.ok]
        if errors:
            missed.append((user, errors[0] or "unknown error"))
        else:
            reached.append(user)
    if not reached:
        why = "; ".join(f"{who}: {reason}" for who, reason in missed)
        raise NotDelivered(f"The reminder about #{action_id} could not be sent ({why}). "
                           "Nothing was recorded.")
    with sessions.begin() as session:
        ActionRepository(session).record(action, actor=actor.user_id, at=now, field="reminder",
                                         new=", ".join(reached), note=note)
    return NudgeResult(action, tuple(reached), tuple(missed))


def _load(sessions: sessionmaker[Session], by: Caller,
          action_id: int) -> tuple[Action, list[str], list[str]]:
    with sessions.begin() as session:
        actor = by.rights(session)
        action = ActionRepository(session).get(action_id)
        if action is None:
            raise NotFound(f"There is no action #{action_id}. `/actions list all` shows every id.")
        if not actor.manages(action.board_id):
            raise PermissionDenied("Only a board secretary can send a reminder outside the "
                                   "schedule. Leads hear about their deadlines automatically.")
        if action.is_closed:
            raise InvalidInput(f"#{action_id} is {action.status}: there is nothing to remind "
                               f"anyone about. `/actions reopen {action_id}` first if needed.")
        users = list(dict.fromkeys(u for lead in action.leads for u in lead.user_ids))
        unmapped = [lead.name for lead in action.leads if not lead.user_ids]
        _ = action.board.name if action.board is not None else None
    if not users:
        names = ", ".join(unmapped)
        raise InvalidInput(f"Nobody to remind: {names} has no Slack user yet. Map one with "
                           f'`/actions lead "{unmapped[0]}" @someone`.')
    return action, users, unmapped
