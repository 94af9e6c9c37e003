"""When a sweep looks at a deadline again: checked against the policy's full schedule."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.calendar import WorkingCalendar
from bot.reminders.rules import ReminderRules, lead_occurrences
from bot.reminders.schedule import (
    escalation_wake,
    first_possible_moment,
    latest_come,
    lead_wake,
    next_lead_moment,
    next_opening,
)

ENGLAND = WorkingCalendar("GB", "ENG")
RULES = ReminderRules()
ZONES = ["Europe/London", "America/New_York", "Pacific/Auckland", "Asia/Kolkata"]
FAR = timedelta(days=800)


def at(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


@settings(max_examples=300, deadline=None)
@given(
    due=st.dates(min_value=date(2021, 1, 1), max_value=date(2025, 12, 31)),
    minutes=st.integers(min_value=-60 * 24 * 40, max_value=60 * 24 * 700),
    tz=st.sampled_from(ZONES),
    rules=st.sampled_from([RULES, ReminderRules((30, 3), 1, 5), ReminderRules((), 14, 28)]),
)
def test_next_and_latest_agree_with_the_full_schedule(due, minutes, tz, rules) -> None:
    now = datetime.combine(due, datetime.min.time(), tzinfo=UTC) + timedelta(minutes=minutes)
    everything = lead_occurrences(
        due, until=now + timedelta(days=60), tz=tz, rules=rules, calendar=ENGLAND
    )
    come = [o for o in everything if o.moment <= now]
    assert latest_come(due, now=now, tz=tz, rules=rules, calendar=ENGLAND) == (
        come[-1] if come else None
    )
    later = next(o.moment for o in everything if o.moment > now)
    assert next_lead_moment(due, after=now, tz=tz, rules=rules, calendar=ENGLAND) == later


def test_a_lead_is_looked_at_again_at_the_next_reminder_once_the_latest_is_claimed() -> None:
    due = date(2022, 8, 31)
    now = at("2022-08-24T09:30+01:00")
    assert lead_wake(
        due, now=now, tz="Europe/London", claimed={"before-7"}, rules=RULES, calendar=ENGLAND
    ) == at("2022-08-30T09:00+01:00")


def test_an_unclaimed_reminder_outside_sending_hours_waits_for_the_next_working_morning() -> None:
    due = date(2022, 8, 31)
    saturday = at("2022-08-27T10:00+01:00")
    # Monday 29 August 2022 is the summer bank holiday.
    assert lead_wake(
        due, now=saturday, tz="Europe/London", claimed=set(), rules=RULES, calendar=ENGLAND
    ) == at("2022-08-30T09:00+01:00")
    assert next_opening(
        at("2022-08-30T07:00+01:00"), tz="Europe/London", rules=RULES, calendar=ENGLAND
    ) == at("2022-08-30T09:00+01:00")
    assert next_opening(
        at("2022-08-30T17:00+01:00"), tz="Europe/London", rules=RULES, calendar=ENGLAND
    ) == at("2022-08-30T17:00+01:00")


def test_escalation_wakes_at_its_moment_and_never_once_claimed() -> None:
    due = date(2022, 8, 31)
    now = at("2022-09-01T09:30+01:00")
    assert escalation_wake(
        due, now=now, tz="Europe/London", claimed=set(), rules=RULES, calendar=ENGLAND
    ) == at("2022-09-14T09:00+01:00")
    assert (
        escalation_wake(
            due, now=now, tz="Europe/London", claimed={"escalate-14"}, rules=RULES, calendar=ENGLAND
        )
        is None
    )


@settings(max_examples=200, deadline=None)
@given(
    due=st.dates(min_value=date(2021, 1, 1), max_value=date(2025, 12, 31)),
    tz=st.sampled_from([*ZONES, "Pacific/Kiritimati", "Etc/GMT+12"]),
)
def test_the_first_possible_moment_is_never_after_the_first_reminder(due, tz) -> None:
    first = lead_occurrences(
        due,
        until=datetime.combine(due, datetime.min.time(), tzinfo=UTC) + FAR,
        tz=tz,
        rules=RULES,
        calendar=ENGLAND,
    )[0]
    assert first_possible_moment(due, RULES, ENGLAND) <= first.moment
