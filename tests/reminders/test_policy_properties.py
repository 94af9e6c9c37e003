"""Reminder policy under arbitrary deadlines, zones and sweep times, checked with hypothesis."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.calendar import WorkingCalendar
from bot.reminders.rules import (
    Occurrence,
    ReminderRules,
    RuleKind,
    decide,
    decide_escalation,
    escalation_occurrence,
    lead_occurrences,
)

ZONES = ["Europe/London", "America/New_York", "Asia/Kolkata", "Pacific/Auckland", "UTC"]
RULES = ReminderRules()
ENGLAND = WorkingCalendar("GB", "ENG")
# Checked against the holidays package directly, not through the code under test.
ENGLISH_HOLIDAYS = holidays.country_holidays("GB", subdiv="ENG")
SIXTY_DAYS_IN_MINUTES = 60 * 24 * 60

due_dates = st.dates(min_value=date(2022, 1, 1), max_value=date(2026, 12, 31))
zones = st.sampled_from(ZONES)
# Sweeps start anywhere from before the first reminder to well into the overdue period.
first_sweep_days = st.integers(min_value=-30, max_value=40)
sweep_minutes = st.lists(
    st.integers(min_value=0, max_value=SIXTY_DAYS_IN_MINUTES), min_size=1, max_size=40
).map(sorted)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in ENGLISH_HOLIDAYS


def sweep_times(due: date, first_day: int, minutes: list[int]) -> list[datetime]:
    start = datetime.combine(due + timedelta(days=first_day), time(0), tzinfo=UTC)
    return [start + timedelta(minutes=m) for m in minutes]


def next_sending_instant(after: datetime, tz: str) -> datetime:
    """The first working day's send time, in `tz`, at or after `after`."""
    zone = ZoneInfo(tz)
    day = after.astimezone(zone).date()
    while True:
        moment = datetime.combine(day, RULES.send_time, tzinfo=zone)
        if is_working_day(day) and moment >= after:
            return moment
        day += timedelta(days=1)


def may_send(now: datetime, tz: str) -> bool:
    local = now.astimezone(ZoneInfo(tz))
    return is_working_day(local.date()) and local.time() >= RULES.send_time


def assert_may_send(now: datetime, tz: str) -> None:
    assert may_send(now, tz), f"sent at {now.astimezone(ZoneInfo(tz))}, out of hours"


@settings(max_examples=300, deadline=None)
@given(due=due_dates, tz=zones, first_day=first_sweep_days, minutes=sweep_minutes)
def test_sweeps_send_each_reminder_once_in_hours_and_lose_none(
    due: date, tz: str, first_day: int, minutes: list[int]
) -> None:
    claimed: set[str] = set()
    sent: list[str] = []
    times = sweep_times(due, first_day, minutes)
    final = next_sending_instant(times[-1], tz)
    for now in [*times, final]:
        decision = decide(due, now=now, tz=tz, already=claimed, rules=RULES, calendar=ENGLAND)
        for skipped in decision.skip:
            assert skipped.moment <= now
            assert skipped.key not in claimed
        if decision.send is not None:
            assert_may_send(now, tz)
            assert decision.send.moment <= now
            assert decision.send.key not in claimed
            assert all(o.moment <= decision.send.moment for o in decision.skip)
            sent.append(decision.send.key)
            claimed.add(decision.send.key)
        claimed.update(o.key for o in decision.skip)
    assert len(sent) == len(set(sent))
    come = lead_occurrences(due, until=final, tz=tz, rules=RULES, calendar=ENGLAND)
    assert {o.key for o in come} <= claimed
    # The sweep at a sending instant always leaves the latest reminder that has come sent.
    if come:
        assert sent and sent[-1] == come[-1].key


@settings(max_examples=200, deadline=None)
@given(due=due_dates, tz=zones, first_day=first_sweep_days, minutes=sweep_minutes)
def test_the_secretary_is_told_once_in_hours(
    due: date, tz: str, first_day: int, minutes: list[int]
) -> None:
    claimed: set[str] = set()
    told: list[datetime] = []
    times = sweep_times(due, first_day, minutes)
    escalation = escalation_occurrence(due, tz=tz, rules=RULES, calendar=ENGLAND)
    for now in times:
        decision = decide_escalation(
            due, now=now, tz=tz, already=claimed, rules=RULES, calendar=ENGLAND
        )
        assert decision.skip == ()
        if decision.send is not None:
            assert_may_send(now, tz)
            assert decision.send.moment <= now
            assert decision.send.kind is RuleKind.ESCALATE
            told.append(now)
            claimed.add(decision.send.key)
    assert len(told) <= 1
    in_hours_after = [now for now in times if now >= escalation.moment and may_send(now, tz)]
    assert told == in_hours_after[:1]


@settings(max_examples=300, deadline=None)
@given(due=due_dates, tz=zones, days_after=st.integers(min_value=0, max_value=400))
def test_every_occurrence_is_the_nearest_working_day_at_the_local_send_time(
    due: date, tz: str, days_after: int
) -> None:
    until = datetime.combine(due + timedelta(days=days_after), time(23, 59), tzinfo=UTC)
    found = lead_occurrences(due, until=until, tz=tz, rules=RULES, calendar=ENGLAND)
    assert [o.moment for o in found] == sorted(o.moment for o in found)
    assert len({o.key for o in found}) == len(found)
    # Bounded by the time elapsed, not by how old the deadline is.
    assert len(found) <= len(RULES.days_before) + 1 + days_after // RULES.overdue_repeat_days + 1
    for occurrence in found:
        assert occurrence.moment <= until
        # A sweep exactly at the send moment must see the reminder.
        at_moment = lead_occurrences(
            due, until=occurrence.moment, tz=tz, rules=RULES, calendar=ENGLAND
        )
        assert occurrence in at_moment
        assert occurrence.moment.utcoffset() == timedelta(0)
        assert_nearest_working_day(due, occurrence, tz)


def assert_nearest_working_day(due: date, occurrence: Occurrence, tz: str) -> None:
    local = occurrence.moment.astimezone(ZoneInfo(tz))
    nominal = due + timedelta(days=occurrence.offset_days)
    assert local.time() == RULES.send_time
    assert is_working_day(local.date())
    if occurrence.kind is RuleKind.BEFORE:
        assert local.date() <= nominal
        gap = (nominal - local.date()).days
        between = [nominal - timedelta(days=n) for n in range(gap)]
    else:
        assert local.date() >= nominal
        between = [nominal + timedelta(days=n) for n in range((local.date() - nominal).days)]
    assert not any(is_working_day(day) for day in between)


@settings(max_examples=300, deadline=None)
@given(
    due=due_dates,
    tz=zones,
    days_after=st.integers(min_value=-20, max_value=800),
    minute=st.integers(min_value=0, max_value=24 * 60 - 1),
    repeat=st.integers(min_value=1, max_value=10),
    kept=st.integers(min_value=0, max_value=2**32),
)
def test_decide_agrees_with_the_full_list_of_reminders(
    due: date, tz: str, days_after: int, minute: int, repeat: int, kept: int
) -> None:
    """However long overdue, and whichever keys are already claimed, `decide` sends the latest
    reminder come and skips exactly the older ones not claimed, in order."""
    rules = ReminderRules(overdue_repeat_days=repeat)
    now = datetime.combine(due + timedelta(days=days_after), time(0), tzinfo=UTC)
    now += timedelta(minutes=minute)
    come = lead_occurrences(due, until=now, tz=tz, rules=rules, calendar=ENGLAND)
    # Claim an arbitrary subset of what has come, and a key of some other deadline's rules.
    already = {o.key for i, o in enumerate(come) if kept >> (i % 32) & 1} | {"overdue-1000000"}
    decision = decide(due, now=now, tz=tz, already=already, rules=rules, calendar=ENGLAND)
    if not may_send(now, tz) or not come:
        assert decision.send is None
        assert decision.skip == ()
        return
    *older, latest = come
    assert decision.send == (None if latest.key in already else latest)
    assert decision.skip == tuple(o for o in older if o.key not in already)
