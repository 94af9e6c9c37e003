"""The reminder policy: who hears about an action, what is due to them now, when to look again."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from bot.calendar import WorkingCalendar
from bot.models.reminders import Account, Delivery, DeliveryKind, DeliveryState
from bot.reminders.digest import UNREACHABLE_PREFIX
from bot.reminders.ports import UserProfile
from bot.reminders.rules import (
    ReminderRules,
    decide,
    decide_escalation,
    latest_relevant_due,
    may_send_at,
)
from bot.reminders.schedule import (
    escalation_wake,
    first_possible_moment,
    lead_wake,
    next_lead_moment,
    next_opening,
)
from bot.reminders.snooze import held_until
from bot.reminders.views import ActionView, is_user

log = logging.getLogger(__name__)

# The rule keys already in the table, per (action, recipient, deadline), whatever their state,
# joined as the database joins them: one string a recipient, not a set of a hundred to keep.
Claimed = Mapping[tuple[int, str, date], str]
RULE_SEPARATOR = ","  # no rule key contains it: "before-7", "unreachable-U1"
# What the messaging platform says about each user; None where it cannot tell.
People = Mapping[str, UserProfile | None]
# (action, recipient) -> the day that recipient's snooze of the action ends.
Snoozes = Mapping[tuple[int, str], date]

NO_USER = "no Slack user is mapped to this lead"
DEACTIVATED = "their Slack account is deactivated"
MISSING = "Slack does not know this user"


@dataclass(frozen=True)
class Claim:
    """A delivery row a sweep wants: sent now (CLAIMED), recorded as missed (SKIPPED), or waiting
    to be sent (QUEUED)."""

    action_id: int
    recipient: str
    rule: str
    deadline: date
    kind: DeliveryKind
    state: DeliveryState = DeliveryState.CLAIMED
    reason: str | None = None


@dataclass(frozen=True)
class ActionPlan:
    """What a sweep should claim for one action, and when to look at it next (None: never)."""

    next_at: datetime | None
    claims: tuple[Claim, ...] = ()


@dataclass(frozen=True)
class RetryPlan:
    """What to do with a delivery waiting for a retry: send it now (neither field set), put it
    off until `defer_to`, or drop it as no longer meaning anything, for `drop`."""

    defer_to: datetime | None = None
    drop: str | None = None


@dataclass
class _Deadline:
    """One action's current deadline as a sweep at `now` sees it, and the claims it adds."""

    action: ActionView
    due: date
    now: datetime
    claimed: Claimed
    people: People
    snoozes: Snoozes
    claims: list[Claim] = field(default_factory=list)

    def already(self, recipient: str) -> set[str]:
        joined = self.claimed.get((self.action.id, recipient, self.due))
        return set(joined.split(RULE_SEPARATOR)) if joined else set()


@dataclass(frozen=True, kw_only=True)
class ReminderPolicy:
    """The reminder rules on a working calendar, for a team whose default zone is `default_tz`.

    Pure: given an action and what is known of its people, it says which reminders are due now
    and when the action needs looking at again. It never reads or writes the database.
    """

    rules: ReminderRules
    calendar: WorkingCalendar
    default_tz: str
    # Told about long-overdue actions of boards that have neither a channel nor secretaries.
    secretary_ids: tuple[str, ...] = ()

    def horizon(self, now: datetime) -> date:
        """The latest due date that can have a reminder come by `now` in any time zone."""
        # The UTC date plus one day is the latest local date anywhere on Earth.
        today = now.astimezone(UTC).date() + timedelta(days=1)
        return latest_relevant_due(today, self.rules, self.calendar)

    def audience(self, actions: Iterable[ActionView], horizon: date) -> set[str]:
        """The users a sweep may message: leads and secretaries of the actions in range."""
        users: set[str] = set()
        for action in actions:
            if action.is_closed or action.deadline_end is None or action.deadline_end > horizon:
                continue
            for lead in action.leads:
                users.update(lead.user_ids)
            users.update(self.escalation_targets(action))
        return {u for u in users if is_user(u)}

    def tz_of(self, recipient: str, people: People) -> str:
        """The recipient's own time zone when known, else the team's."""
        profile = people.get(recipient) if is_user(recipient) else None
        return (profile.tz if profile is not None else None) or self.default_tz

    def escalation_targets(self, action: ActionView) -> list[str]:
        """The board's channel, else the board's secretaries, else every board's secretaries."""
        board = action.board
        if board is not None and board.channel_id:
            return [board.channel_id]
        if board is not None and board.secretary_ids:
            return list(board.secretary_ids)
        return list(self.secretary_ids)

    def lead_recipients(
        self, action: ActionView, people: People
    ) -> tuple[list[str], list[tuple[str, str]]]:
        """Users to remind, and (subject, reason) for leads that cannot be reached."""
        reachable: list[str] = []
        unreachable: list[tuple[str, str]] = []
        for lead in action.leads:
            if not lead.user_ids:
                unreachable.append((f"lead-{lead.id}", NO_USER))
            for user_id in lead.user_ids:
                if user_id in reachable or any(s == user_id for s, _ in unreachable):
                    continue
                profile = people.get(user_id)
                if profile is None or profile.reachable:
                    reachable.append(user_id)
                else:
                    why = DEACTIVATED if profile.account == Account.DEACTIVATED else MISSING
                    unreachable.append((user_id, why))
        return reachable, unreachable

    def plan_action(
        self,
        action: ActionView,
        *,
        now: datetime,
        horizon: date,
        claimed: Claimed,
        people: People,
        snoozes: Snoozes | None = None,
    ) -> ActionPlan:
        """The reminders due now for one action, and when its cursor should next wake."""
        due = action.deadline_end
        if due is None or action.is_closed:
            return ActionPlan(next_at=None)
        if due > horizon:
            return ActionPlan(next_at=first_possible_moment(due, self.rules, self.calendar))
        deadline = _Deadline(action, due, now, claimed, people, snoozes or {})
        reachable, unreachable = self.lead_recipients(action, people)
        wakes: list[datetime | None] = [self._remind(deadline, user) for user in reachable]
        targets = self.escalation_targets(action)
        for subject, reason in unreachable:
            wakes.append(self._report_unreachable(deadline, subject, reason, targets))
        for target in targets:
            wakes.append(self._escalate(deadline, target))
        found = [w for w in wakes if w is not None]
        # With nobody to tell, look again at the next reminder in case someone has been mapped.
        next_at = (
            min(found)
            if found
            else next_lead_moment(
                due, after=now, tz=self.default_tz, rules=self.rules, calendar=self.calendar
            )
        )
        return ActionPlan(next_at=next_at, claims=tuple(deadline.claims))

    def plan_retry(
        self, row: Delivery, action: ActionView | None, *, now: datetime, people: People
    ) -> RetryPlan:
        """Send a failed, queued or abandoned row again, if it still means something."""
        if action is None or action.is_closed or action.deadline_end != row.deadline:
            return RetryPlan(drop="superseded: the action was closed or its deadline moved")
        if row.recipient not in self._still_for(row, action, people):
            return RetryPlan(drop="superseded: the recipient no longer follows this action")
        tz = self.tz_of(row.recipient, people)
        if not may_send_at(now, tz=tz, rules=self.rules, calendar=self.calendar):
            return RetryPlan(
                defer_to=next_opening(now, tz=tz, rules=self.rules, calendar=self.calendar)
            )
        return RetryPlan()

    def unreachable_notices(self, action: ActionView, recipient: str, reason: str) -> list[Claim]:
        """Notices, queued to send, telling the secretaries that `recipient` proved unreachable."""
        if action.deadline_end is None:
            return []
        return [
            Claim(
                action.id,
                target,
                UNREACHABLE_PREFIX + recipient,
                action.deadline_end,
                DeliveryKind.UNREACHABLE,
                DeliveryState.QUEUED,
                reason[:300],
            )
            for target in self.escalation_targets(action)
        ]

    def _remind(self, deadline: _Deadline, user: str) -> datetime:
        tz, already = self.tz_of(user, deadline.people), deadline.already(user)
        action_id, due, now = deadline.action.id, deadline.due, deadline.now
        decision = decide(
            due, now=now, tz=tz, already=already, rules=self.rules, calendar=self.calendar
        )
        for occurrence in decision.skip:
            deadline.claims.append(
                Claim(
                    action_id,
                    user,
                    occurrence.key,
                    due,
                    DeliveryKind.REMINDER,
                    DeliveryState.SKIPPED,
                    "missed while no sweep ran",
                )
            )
            already.add(occurrence.key)
        snoozed = deadline.snoozes.get((action_id, user))
        if held := held_until(snoozed, decision.send, due, now, tz, self.rules, self.calendar):
            return held
        if decision.send is not None:
            deadline.claims.append(
                Claim(action_id, user, decision.send.key, due, DeliveryKind.REMINDER)
            )
            already.add(decision.send.key)
        return lead_wake(
            due, now=now, tz=tz, claimed=already, rules=self.rules, calendar=self.calendar
        )

    def _report_unreachable(
        self, deadline: _Deadline, subject: str, reason: str, targets: list[str]
    ) -> datetime | None:
        action_id, due, now = deadline.action.id, deadline.due, deadline.now
        rule = UNREACHABLE_PREFIX + subject
        if not targets:
            log.warning(
                "#%s: %s cannot be reached (%s), no secretary to tell", action_id, subject, reason
            )
            return None
        missing = [t for t in targets if rule not in deadline.already(t)]
        if not missing:
            return None
        tz, rules, calendar = self.default_tz, self.rules, self.calendar
        # The secretary hears when the lead's own reminder would have gone out.
        if decide(due, now=now, tz=tz, already=set(), rules=rules, calendar=calendar).send is None:
            return lead_wake(due, now=now, tz=tz, claimed=set(), rules=rules, calendar=calendar)
        for target in missing:
            deadline.claims.append(
                Claim(action_id, target, rule, due, DeliveryKind.UNREACHABLE, reason=reason)
            )
        return None

    def _escalate(self, deadline: _Deadline, target: str) -> datetime | None:
        tz, already = self.tz_of(target, deadline.people), deadline.already(target)
        due, now = deadline.due, deadline.now
        decision = decide_escalation(
            due, now=now, tz=tz, already=already, rules=self.rules, calendar=self.calendar
        )
        if decision.send is not None:
            deadline.claims.append(
                Claim(deadline.action.id, target, decision.send.key, due, DeliveryKind.ESCALATION)
            )
            already.add(decision.send.key)
        return escalation_wake(
            due, now=now, tz=tz, claimed=already, rules=self.rules, calendar=self.calendar
        )

    def _still_for(self, row: Delivery, action: ActionView, people: People) -> list[str]:
        if row.kind == DeliveryKind.REMINDER:
            return self.lead_recipients(action, people)[0]
        return self.escalation_targets(action)
