"""Snoozing: a lead puts off their own reminders about one action, recorded in its history."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from bot.actions.checks import check_version, found_action
from bot.actions.repository import ActionRepository
from bot.boards.repository import BoardRepository
from bot.calendar import WorkingCalendar
from bot.clock import Clock
from bot.errors import InvalidInput, PermissionDenied
from bot.models.actions import Action
from bot.models.reminders import Snooze
from bot.reminders.policy import Snoozes
from bot.reminders.snooze import SNOOZE_CHOICES, snooze_until
from bot.timing import format_date


@dataclass(frozen=True)
class Snoozed:
    """A snooze recorded: the action as it is, and the day its reminders resume."""

    action: Action
    until: date

    @property
    def until_text(self) -> str:
        return format_date(self.until)


class SnoozeService:
    def __init__(
        self, sessions: sessionmaker[Session], clock: Clock, tz: ZoneInfo, calendar: WorkingCalendar
    ) -> None:
        self._sessions, self._clock, self._tz, self._calendar = sessions, clock, tz, calendar

    def snooze(self, user_id: str, action_id: int, version: int | None, choice: str) -> Snoozed:
        """Hold `user_id`'s reminders about the action until the day `choice` names."""
        if choice not in SNOOZE_CHOICES:
            raise InvalidInput(
                f'"{choice}" is not a snooze: choose ' + ", ".join(SNOOZE_CHOICES.values()) + "."
            )
        now = self._clock.now()
        today = now.astimezone(self._tz).date()
        with self._sessions.begin() as session:
            repo = ActionRepository(session)
            action = found_action(repo.get(action_id), action_id)
            check_version(action, version)
            if action.is_closed:
                raise InvalidInput(f"#{action_id} is {action.status}: it has no reminders left.")
            if user_id not in {u for lead in action.leads for u in lead.user_ids}:
                raise PermissionDenied(
                    f"Reminders about #{action_id} go to the people of {action.lead_names}, and "
                    "you are not one of them, so there are none of yours to snooze."
                )
            meeting = None
            if choice == "meeting" and action.board is not None:
                boards = BoardRepository(session)
                boards.extend_rule(action.board, today)
                found = boards.next_meeting(action.board, today)
                meeting = found.date if found else None
                if meeting is None:
                    raise InvalidInput(
                        f"{action.board.name} has no next meeting set, so choose "
                        "the next working day or 1 week."
                    )
            elif choice == "meeting":
                raise InvalidInput(f"#{action_id} belongs to no board, so it has no next meeting.")
            until = snooze_until(choice, today, self._calendar, meeting)
            mine = (Snooze.action_id == action_id, Snooze.recipient == user_id)
            if session.scalar(select(Snooze.until).where(*mine)) == until:
                return Snoozed(action, until)  # pressed twice: recorded once
            session.execute(delete(Snooze).where(*mine))
            session.add(Snooze(action_id=action_id, recipient=user_id, until=until, created_at=now))
            repo.record(
                action, actor=user_id, at=now, field="snooze", new=format_date(until), note=None
            )
            return Snoozed(action, until)


def active_snoozes(session: Session, action_ids: Iterable[int], today: date) -> Snoozes:
    """The snoozes of these actions that may still hold a reminder (a day's margin for zones)."""
    ids = sorted(set(action_ids))
    found: dict[tuple[int, str], date] = {}
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(Snooze.action_id, Snooze.recipient, Snooze.until).where(
                Snooze.action_id.in_(ids[start : start + 500]), Snooze.until >= today
            )
        )
        found.update({(a, r): until for a, r, until in rows})
    return found
