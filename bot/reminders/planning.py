"""What one sweep should claim, retry and reschedule, given what it read: no I/O here."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from bot.models.actions import Action
from bot.calendar import WorkingCalendar
from bot.models.reminders import Delivery, DeliveryKind, DeliveryState
from bot.reminders.policy import ReminderRules, decide, decide_escalation, may_send_at
from bot.reminders.ports import UserProfile
from bot.reminders.schedule import (
    escalation_wake,
    first_possible_moment,
    lead_wake,
    next_lead_moment,
    next_opening,
)

log = logging.getLogger(__name__)

Claimed = dict[tuple[int, str, date], set[str]]

NO_USER = "no Slack user is mapped to this lead"
DEACTIVATED = "their Slack account is deactivated"
MISSING = "Slack does not know this user"


@dataclass(frozen=True)
class Config:
    rules: ReminderRules
    calendar: WorkingCalendar
    default_tz: str
    secretary_ids: tuple[str, ...]


@dataclass(frozen=True)
class Claim:
    """A delivery row the sweep wants: sent now (CLAIMED) or recorded as missed (SKIPPED)."""

    action_id: int
    recipient: str
    rule: str
    deadline: date
    kind: DeliveryKind
    state: DeliveryState = DeliveryState.CLAIMED
    reason: str | None = None


@dataclass
class Plan:
    claims: list[Claim] = field(default_factory=list)
    moves: list[tuple[int, int | None, datetime | None]] = field(default_factory=list)
    retries: list[Delivery] = field(default_factory=list)
    defers: list[tuple[int, datetime]] = field(default_factory=list)
    drops: list[tuple[int, str]] = field(default_factory=list)

    @property
    def to_send(self) -> list[Claim]:
        return [c for c in self.claims if c.state is DeliveryState.CLAIMED]


def escalation_targets(action: Action, secretary_ids: Sequence[str]) -> list[str]:
    """The board's channel, else the board's secretaries, else every board's secretaries."""
    board = action.board
    if board is not None and board.channel_id:
        return [board.channel_id]
    if board is not None and board.secretary_ids:
        return list(board.secretary_ids)
    return list(secretary_ids)


def is_user(recipient: str) -> bool:
    return recipient[:1] in ("U", "W")


class Planner:
    def __init__(self, config: Config, people: dict[str, UserProfile | None]) -> None:
        self._config = config
        self._people = people

    def tz_of(self, recipient: str) -> str:
        profile = self._people.get(recipient) if is_user(recipient) else None
        return (profile.tz if profile is not None else None) or self._config.default_tz

    def plan_action(self, plan: Plan, action: Action, generation: int | None, claimed: Claimed,
                    now: datetime, horizon: date) -> None:
        """Claims and the next cursor moment for one action found by its cursor."""
        due = action.deadline_end
        if due is None or action.is_closed:
            plan.moves.append((action.id, generation, None))
            return
        rules, calendar = self._config.rules, self._config.calendar
        if due > horizon:
            plan.moves.append((action.id, generation, first_possible_moment(due, rules, calendar)))
            return
        reachable, unreachable = self.lead_recipients(action)
        wakes = [self._remind(plan, action, user, claimed, now) for user in reachable]
        targets = escalation_targets(action, self._config.secretary_ids)
        for subject, reason in unreachable:
            wakes.append(self._report_unreachable(plan, action, subject, reason, targets,
                                                  claimed, now))
        for target in targets:
            wakes.append(self._escalate(plan, action, target, claimed, now))
        found = [w for w in wakes if w is not None]
        # With nobody to tell, look again at the next reminder in case someone has been mapped.
        tz = self._config.default_tz
        plan.moves.append((action.id, generation, min(found) if found else
                           next_lead_moment(due, after=now, tz=tz, rules=rules, calendar=calendar)))

    def lead_recipients(self, action: Action) -> tuple[list[str], list[tuple[str, str]]]:
        """Users to remind, and (subject, reason) for leads that cannot be reached."""
        reachable: list[str] = []
        unreachable: list[tuple[str, str]] = []
        for lead in action.leads:
            if not lead.user_ids:
                unreachable.append((f"lead-{lead.id}", NO_USER))
            for user_id in lead.user_ids:
                if user_id in reachable or any(s == user_id for s, _ in unreachable):
                    continue
                profile = self._people.get(user_id)
                if profile is None or profile.reachable:
                    reachable.append(user_id)
                else:
                    why = DEACTIVATED if profile.account == "deactivated" else MISSING
                    unreachable.append((user_id, why))
        return reachable, unreachable

    def _remind(self, plan: Plan, action: Action, user: str, claimed: Claimed,
                now: datetime) -> datetime:
        due, tz = action.deadline_end, self.tz_of(user)
        assert due is not None
        rules, calendar = self._config.rules, self._config.calendar
        already = claimed.get((action.id, user, due), set())
        decision = decide(due, now=now, tz=tz, already=already, rules=rules, calendar=calendar)
        taken = set(already)
        for occurrence in decision.skip:
            plan.claims.append(Claim(action.id, user, occurrence.key, due, DeliveryKind.REMINDER,
                                     DeliveryState.SKIPPED, "missed while no sweep ran"))
            taken.add(occurrence.key)
        if decision.send is not None:
            plan.claims.append(Claim(action.id, user, decision.send.key, due,
                                     DeliveryKind.REMINDER))
            taken.add(decision.send.key)
        return lead_wake(due, now=now, tz=tz, claimed=taken, rules=rules, calendar=calendar)

    def _report_unreachable(self, plan: Plan, action: Action, subject: str, reason: str,
                            targets: list[str], claimed: Claimed, now: datetime) -> datetime | None:
        due = action.deadline_end
        assert due is not None
        rule = f"unreachable-{subject}"
        if not targets:
            log.warning("#%s: %s cannot be reached (%s) and no secretary is configured to tell",
                        action.id, subject, reason)
            return None
        missing = [t for t in targets if rule not in claimed.get((action.id, t, due), set())]
        if not missing:
            return None
        rules, calendar, tz = self._config.rules, self._config.calendar, self._config.default_tz
        # The secretary hears when the lead's own reminder would have gone out.
        if decide(due, now=now, tz=tz, already=set(), rules=rules, calendar=calendar).send is None:
            return lead_wake(due, now=now, tz=tz, claimed=set(), rules=rules, calendar=calendar)
        for target in missing:
            plan.claims.append(Claim(action.id, target, rule, due, DeliveryKind.UNREACHABLE,
                                     reason=reason))
        return None

    def _escalate(self, plan: Plan, action: Action, target: str, claimed: Claimed,
                  now: datetime) -> datetime | None:
        due, tz = action.deadline_end, self.tz_of(target)
        assert due is not None
        rules, calendar = self._config.rules, self._config.calendar
        already = set(claimed.get((action.id, target, due), set()))
        decision = decide_escalation(due, now=now, tz=tz, already=already, rules=rules,
                                     calendar=calendar)
        if decision.send is not None:
            plan.claims.append(Claim(action.id, target, decision.send.key, due,
                                     DeliveryKind.ESCALATION))
            already.add(decision.send.key)
        return escalation_wake(due, now=now, tz=tz, claimed=already, rules=rules,
                               calendar=calendar)

    def plan_retry(self, plan: Plan, row: Delivery, action: Action | None, now: datetime) -> None:
        """Send a failed, queued or abandoned row again, if it still means something."""
        if action is None or action.is_closed or action.deadline_end != row.deadline:
            plan.drops.append((row.id, "superseded: the action was closed or its deadline moved"))
            return
        if row.recipient not in self._still_for(row, action):
            plan.drops.append((row.id, "superseded: the recipient no longer follows this action"))
            return
        tz = self.tz_of(row.recipient)
        rules, calendar = self._config.rules, self._config.calendar
        if not may_send_at(now, tz=tz, rules=rules, calendar=calendar):
            plan.defers.append((row.id, next_opening(now, tz=tz, rules=rules, calendar=calendar)))
            return
        plan.retries.append(row)

    def _still_for(self, row: Delivery, action: Action) -> list[str]:
        if row.kind == DeliveryKind.REMINDER:
            return self.lead_recipients(action)[0]
        return escalation_targets(action, self._config.secretary_ids)
