"""The reminders' entry point: a sweep that sends what is due, and a secretary's nudge."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bot.access import Caller
from bot.actions.deadlines import DeadlineMove
from bot.actions.repository import ActionRepository
from bot.actions.service import MAX_NOTE
from bot.clock import Clock
from bot.errors import BotError, InvalidInput, NotFound, PermissionDenied
from bot.models.actions import Action
from bot.models.reminders import Account
from bot.reminders.digest import Digest, SweepReport, build_item
from bot.reminders.moves import Announced, announce
from bot.reminders.policy import DEACTIVATED, MISSING, NO_USER, ReminderPolicy
from bot.reminders.ports import NoNotifier, Notifier
from bot.reminders.profiles import ProfileBook
from bot.reminders.repository.messages import Landing, MessageRepository
from bot.reminders.sweep import Sweep
from bot.reminders.views import ActionView
from bot.stopping import SendingStopped, Stopping


class NotDelivered(BotError):
    """Nobody could be reached; nothing was recorded."""


@dataclass(frozen=True)
class NudgeResult:
    action: Action
    reached: tuple[str, ...]
    # (who, why) for each user or lead that could not be reached.
    missed: tuple[tuple[str, str], ...] = ()


class ReminderService:
    """Reminders for the adapters: `send_due` runs one `Sweep`; `nudge` reminds leads now."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Clock,
        *,
        policy: ReminderPolicy,
        notifier: Notifier | None = None,
        max_attempts: int = 5,
        stopping: Stopping | None = None,
    ) -> None:
        self._sessions = sessions
        # Set when the process is asked to stop: a sweep then begins no further digest.
        self._stopping = stopping or Stopping()
        self._clock = clock
        self._policy = policy
        self._notifier: Notifier = notifier or NoNotifier()
        self._profiles = ProfileBook(sessions, self._notifier)
        self._max_attempts = max_attempts

    @property
    def policy(self) -> ReminderPolicy:
        return self._policy

    def send_due(
        self, now: datetime | None = None, *, dry_run: bool = False, thorough: bool = False
    ) -> SweepReport:
        """One sweep at `now` (default: the clock). `thorough` also finds open actions that have
        no cursor, which only happens to rows written without the ORM; `dry_run` sends nothing
        and writes nothing."""
        sweep = Sweep(
            now or self._clock.now(),
            policy=self._policy,
            sessions=self._sessions,
            profiles=self._profiles,
            max_attempts=self._max_attempts,
            dry_run=dry_run,
            stopping=self._stopping,
        )
        try:
            sweep.claim_due(thorough=thorough)
            if self._deliver(sweep) and not self._stopping.is_set():
                # Notices about leads who just proved unreachable go out in this sweep.
                sweep.claim_due()
                self._deliver(sweep)
        except SendingStopped:
            pass  # stopped while looking people up, before claiming: nothing to give back
        return sweep.report

    def _deliver(self, sweep: Sweep) -> bool:
        """Send what the sweep claimed and record it; True when notices were queued to send."""
        return sweep.deliver(self._notifier)

    def announce_move(self, move: DeadlineMove) -> Announced:
        """Tell the board's secretaries (else SECRETARY_USER_IDS) of a move, by DM."""
        return announce(
            move,
            sessions=self._sessions,
            notifier=self._notifier,
            policy=self._policy,
            now=self._clock.now(),
        )

    def actions_of_message(self, channel: str, ts: str) -> list[int]:
        """The actions of the reminder message posted at `ts` in `channel`; [] for any other."""
        with self._sessions.begin() as session:
            return MessageRepository(session).actions_of(channel, ts)

    def nudge(self, by: Caller, action_id: int, note: str | None) -> NudgeResult:
        """A secretary asks the leads about an action now; kept in its history, and apart from
        the scheduled reminders, which still go out as planned."""
        note = " ".join((note or "").split()) or None
        if note is not None and len(note) > MAX_NOTE:
            raise InvalidInput(f"The note is {len(note)} characters; the most is {MAX_NOTE}.")
        now = self._clock.now()
        action, users, unmapped = self._nudged(by, action_id)
        view = ActionView.of(action)
        people = self._profiles.lookup(users, now)
        reached: list[str] = []
        landed: list[tuple[str, str, str]] = []  # (user, channel, ts) of each message sent
        missed = [(f"lead {name}", NO_USER) for name in unmapped]
        for user in users:
            profile = people.get(user)
            if profile is not None and not profile.reachable:
                missed.append(
                    (user, DEACTIVATED if profile.account == Account.DEACTIVATED else MISSING)
                )
                continue
            tz = (profile.tz if profile is not None else None) or self._policy.default_tz
            item = build_item(0, view, kind="nudge", rule="nudge", reason=None, tz=tz, now=now)
            digest = Digest(
                user, now.astimezone(ZoneInfo(tz)).date(), (item,), nudged_by=by.user_id, note=note
            )
            outcomes = self._notifier.send_digest(digest)
            errors = [out.error for out in outcomes if not out.ok]
            if errors:
                missed.append((user, errors[0] or "unknown error"))
            else:
                reached.append(user)
                landed += [(user, o.channel, o.ts) for o in outcomes if o.channel and o.ts]
        if not reached:
            why = "; ".join(f"{who}: {reason}" for who, reason in missed)
            raise NotDelivered(
                f"The reminder about #{action_id} could not be sent ({why}). Nothing was recorded."
            )
        with self._sessions.begin() as session:
            ActionRepository(session).record(
                action,
                actor=by.user_id,
                at=now,
                field="reminder",
                new=", ".join(reached),
                note=note,
            )
            MessageRepository(session).record_all(
                [Landing(channel, ts, (action_id,), user, "nudge") for user, channel, ts in landed],
                at=now,
            )
        return NudgeResult(action, tuple(reached), tuple(missed))

    def _nudged(self, by: Caller, action_id: int) -> tuple[Action, list[str], list[str]]:
        """The action to nudge about, its leads' users, and its leads with no user."""
        with self._sessions.begin() as session:
            actor = by.rights(session)
            action = ActionRepository(session).get(action_id)
            if action is None:
                raise NotFound(
                    f"There is no action #{action_id}. `/actions list all` shows every id."
                )
            if not actor.manages(action.board_id):
                raise PermissionDenied(
                    "Only a board secretary can send a reminder outside the "
                    "schedule. Leads hear about their deadlines automatically."
                )
            if action.is_closed:
                raise InvalidInput(
                    f"#{action_id} is {action.status}: there is nothing to remind "
                    f"anyone about. `/actions reopen {action_id}` first if needed."
                )
            users = list(dict.fromkeys(u for lead in action.leads for u in lead.user_ids))
            unmapped = [lead.name for lead in action.leads if not lead.user_ids]
            _ = action.board.name if action.board is not None else None
        if not users:
            names = ", ".join(unmapped)
            raise InvalidInput(
                f"Nobody to remind: {names} has no Slack user yet. Map one with "
                f'`/actions lead "{unmapped[0]}" @someone`.'
            )
        return action, users, unmapped
