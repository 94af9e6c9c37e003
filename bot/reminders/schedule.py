"""When a sweep next needs to look at a deadline again: pure rules built on the reminder rules."""

from __future__ import annotations

from collections.abc import Set
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from bot.calendar import WorkingCalendar
from bot.reminders.rules import (
    Occurrence,
    ReminderRules,
    RuleKind,
    escalation_occurrence,
    may_send_at,
    occurrence,
)

# The earliest zone on Earth is UTC+14: a day's margin covers every recipient's morning.
_EARLIEST_ZONE_MARGIN = timedelta(days=1)
# A sweep asks the same questions for every recipient of a deadline, and many actions share
# deadlines: the answers, pure, are kept for the sweeps at the same moment.
_SAME_MOMENT = 4096


@lru_cache(maxsize=_SAME_MOMENT)
def next_opening(
    now: datetime, *, tz: str, rules: ReminderRules, calendar: WorkingCalendar
) -> datetime:
    """`now` when a reminder may be sent now in `tz`, else the next working day's send time."""
    if may_send_at(now, tz=tz, rules=rules, calendar=calendar):
        return now
    zone = ZoneInfo(tz)
    today = now.astimezone(zone).date()
    day = today if calendar.is_working_day(today) else calendar.next_working_day(today)
    moment = _send_moment(day, zone, rules)
    if moment <= now:
        moment = _send_moment(calendar.next_working_day(day + timedelta(days=1)), zone, rules)
    return moment


@lru_cache(maxsize=_SAME_MOMENT)
def next_lead_moment(
    due: date, *, after: datetime, tz: str, rules: ReminderRules, calendar: WorkingCalendar
) -> datetime:
    """The first lead reminder of `due` strictly after `after` (overdue repeats never end)."""
    for fixed in _fixed(due, tz, rules, calendar):
        if fixed.moment > after:
            return fixed.moment
    # Straight to the repeat around `after`, however long overdue: moments rise with offsets.
    k = max(1, _repeats_by(due, after, tz, rules))
    while _overdue(k, due, tz, rules, calendar).moment <= after:
        k += 1
    while k > 1 and _overdue(k - 1, due, tz, rules, calendar).moment > after:
        k -= 1
    return _overdue(k, due, tz, rules, calendar).moment


@lru_cache(maxsize=_SAME_MOMENT)
def latest_come(
    due: date, *, now: datetime, tz: str, rules: ReminderRules, calendar: WorkingCalendar
) -> Occurrence | None:
    """The most recent lead reminder of `due` at or before `now`: the one a sweep would send."""
    k = _repeats_by(due, now, tz, rules)
    while k >= 1:
        overdue = _overdue(k, due, tz, rules, calendar)
        if overdue.moment <= now:
            return overdue
        k -= 1
    come = [o for o in _fixed(due, tz, rules, calendar) if o.moment <= now]
    return come[-1] if come else None


def lead_wake(
    due: date,
    *,
    now: datetime,
    tz: str,
    claimed: Set[str],
    rules: ReminderRules,
    calendar: WorkingCalendar,
) -> datetime:
    """When to look again at a lead's reminders of `due`, given the rule keys claimed so far.

    A come reminder still unclaimed (the sweep was outside sending hours) is looked at again at
    the next opening; otherwise at the next reminder.
    """
    latest = latest_come(due, now=now, tz=tz, rules=rules, calendar=calendar)
    if latest is not None and latest.key not in claimed:
        return next_opening(now, tz=tz, rules=rules, calendar=calendar)
    return next_lead_moment(due, after=now, tz=tz, rules=rules, calendar=calendar)


def escalation_wake(
    due: date,
    *,
    now: datetime,
    tz: str,
    claimed: Set[str],
    rules: ReminderRules,
    calendar: WorkingCalendar,
) -> datetime | None:
    """When to look again at the secretary's escalation of `due`; None once it is claimed."""
    escalation = escalation_occurrence(due, tz=tz, rules=rules, calendar=calendar)
    if escalation.key in claimed:
        return None
    if escalation.moment > now:
        return escalation.moment
    return next_opening(now, tz=tz, rules=rules, calendar=calendar)


def first_possible_moment(due: date, rules: ReminderRules, calendar: WorkingCalendar) -> datetime:
    """A moment no later than the first reminder of `due` in any time zone.

    Used for deadlines beyond the sweep's horizon, so their cursor wakes in time without knowing
    their recipients' zones yet.
    """
    longest = rules.days_before[0] if rules.days_before else 0
    first_day = calendar.previous_working_day(due - timedelta(days=longest))
    return datetime.combine(first_day, time(0), tzinfo=UTC) - _EARLIEST_ZONE_MARGIN


def _fixed(due: date, tz: str, rules: ReminderRules, calendar: WorkingCalendar) -> list[Occurrence]:
    """The before and due-date reminders, in moment order."""
    kinds = [(RuleKind.BEFORE, -days) for days in rules.days_before] + [(RuleKind.DUE, 0)]
    return [
        occurrence(kind, offset, due, tz=tz, rules=rules, calendar=calendar)
        for kind, offset in kinds
    ]


def _overdue(
    k: int, due: date, tz: str, rules: ReminderRules, calendar: WorkingCalendar
) -> Occurrence:
    return occurrence(
        RuleKind.OVERDUE, k * rules.overdue_repeat_days, due, tz=tz, rules=rules, calendar=calendar
    )


def _repeats_by(due: date, moment: datetime, tz: str, rules: ReminderRules) -> int:
    """How many repeat periods have passed since `due` by `moment`'s local date; an upper bound
    on the repeats that have come, since working-day shifts only move a repeat later."""
    local = moment.astimezone(ZoneInfo(tz)).date()
    return (local - due).days // rules.overdue_repeat_days


def _send_moment(day: date, zone: ZoneInfo, rules: ReminderRules) -> datetime:
    return datetime.combine(day, rules.send_time, tzinfo=zone).astimezone(UTC)
