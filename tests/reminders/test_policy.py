"""Reminder policy: which reminder a lead or secretary gets when, in worked examples."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.calendar import WorkingCalendar
from bot.errors import InvalidInput
from bot.reminders.rules import (
    Decision,
    Occurrence,
    ReminderRules,
    RuleKind,
    days_until,
    decide,
    decide_escalation,
    escalation_occurrence,
    latest_relevant_due,
    lead_occurrences,
    may_send_at,
)

LONDON = "Europe/London"
NEW_YORK = "America/New_York"
RULES = ReminderRules()
ENGLAND = WorkingCalendar("GB", "ENG")
FAR_FUTURE = datetime(2100, 1, 1, tzinfo=UTC)


def at(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


def utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def decide_for(due: date, now: str, already: set[str], tz: str = LONDON) -> Decision:
    return decide(due, now=at(now), tz=tz, already=already, rules=RULES, calendar=ENGLAND)


def schedule(due: date, tz: str = LONDON, until: datetime | None = None) -> dict[str, datetime]:
    found = lead_occurrences(due, until=until or FAR_FUTURE, tz=tz, rules=RULES, calendar=ENGLAND)
    return {occurrence.key: occurrence.moment for occurrence in found}


def occurrence(due: date, key: str, tz: str = LONDON) -> Occurrence:
    found = lead_occurrences(due, until=FAR_FUTURE, tz=tz, rules=RULES, calendar=ENGLAND)
    return next(o for o in found if o.key == key)


# The worked example: a deadline of Wednesday 31 August 2022 for a lead in London.

DUE_AUGUST = date(2022, 8, 31)


def test_catching_up_sends_the_latest_and_skips_the_older() -> None:
    decision = decide_for(DUE_AUGUST, "2022-08-24T09:30+01:00", set())
    assert decision.send is not None
    assert decision.send.key == "before-7"
    assert decision.send.moment == utc(2022, 8, 24, 8)
    assert [o.key for o in decision.skip] == ["before-14"]
    assert decision.skip[0].moment == utc(2022, 8, 17, 8)


def test_nothing_to_do_once_everything_come_is_claimed() -> None:
    decision = decide_for(DUE_AUGUST, "2022-08-24T09:30+01:00", {"before-14", "before-7"})
    assert decision == Decision(send=None, skip=())


def test_nothing_is_sent_on_a_saturday_even_with_a_backlog() -> None:
    assert decide_for(DUE_AUGUST, "2022-08-27T09:30+01:00", set()) == Decision(send=None)


def test_nothing_is_sent_before_the_send_time_even_with_a_backlog() -> None:
    assert decide_for(DUE_AUGUST, "2022-08-24T08:59+01:00", set()) == Decision(send=None)
    decision = decide_for(DUE_AUGUST, "2022-08-24T09:00+01:00", set())
    assert decision.send is not None and decision.send.key == "before-7"


def test_nothing_is_sent_on_a_bank_holiday() -> None:
    assert decide_for(DUE_AUGUST, "2022-08-29T12:00+01:00", set()) == Decision(send=None)


def test_the_due_day_reminder_after_a_missed_day_before() -> None:
    decision = decide_for(DUE_AUGUST, "2022-09-01T09:30+01:00", {"before-14", "before-7"})
    assert decision.send is not None
    assert decision.send.key == "due"
    assert decision.send.kind is RuleKind.DUE
    assert decision.send.moment == at("2022-08-31T09:00+01:00")
    assert [o.key for o in decision.skip] == ["before-1"]


def test_the_full_schedule_of_the_worked_example() -> None:
    assert schedule(DUE_AUGUST, until=utc(2022, 9, 30, 0)) == {
        "before-14": utc(2022, 8, 17, 8),
        "before-7": utc(2022, 8, 24, 8),
        "before-1": utc(2022, 8, 30, 8),
        "due": utc(2022, 8, 31, 8),
        "overdue-7": utc(2022, 9, 7, 8),
        "overdue-14": utc(2022, 9, 14, 8),
        "overdue-21": utc(2022, 9, 21, 8),
        "overdue-28": utc(2022, 9, 28, 8),
    }


def test_occurrences_stop_at_until_inclusive() -> None:
    keys = list(schedule(DUE_AUGUST, until=utc(2022, 8, 24, 8)))
    assert keys == ["before-14", "before-7"]
    assert schedule(DUE_AUGUST, until=utc(2022, 8, 17, 7, 59)) == {}


def test_a_latest_already_claimed_still_reports_older_ones_never_claimed() -> None:
    decision = decide_for(DUE_AUGUST, "2022-08-24T09:30+01:00", {"before-7"})
    assert decision.send is None
    assert [o.key for o in decision.skip] == ["before-14"]


# Working-day adjustment.


def test_a_due_date_on_a_bank_holiday_is_reminded_the_next_working_day() -> None:
    assert occurrence(date(2022, 8, 29), "due").moment == at("2022-08-30T09:00+01:00")


def test_a_day_before_reminder_on_a_bank_holiday_moves_earlier() -> None:
    assert occurrence(date(2022, 8, 30), "before-1").moment == at("2022-08-26T09:00+01:00")


def test_christmas_moves_the_due_reminder_past_boxing_day() -> None:
    assert occurrence(date(2023, 12, 25), "due").moment == utc(2023, 12, 27, 9)


def test_overdue_reminders_on_a_weekend_move_to_monday() -> None:
    due_saturday_week = date(2023, 6, 3)  # a Saturday, so every overdue day is one too
    assert occurrence(due_saturday_week, "due").moment == utc(2023, 6, 5, 8)
    assert occurrence(due_saturday_week, "overdue-7").moment == utc(2023, 6, 12, 8)


def test_daily_overdue_reminders_over_a_weekend_become_one_message() -> None:
    rules = ReminderRules(days_before=(), overdue_repeat_days=1)
    due_friday = date(2022, 9, 2)
    decision = decide(
        due_friday,
        now=at("2022-09-05T09:05+01:00"),
        tz=LONDON,
        already={"due"},
        rules=rules,
        calendar=ENGLAND,
    )
    assert decision.send is not None and decision.send.key == "overdue-3"
    assert [o.key for o in decision.skip] == ["overdue-1", "overdue-2"]
    assert {o.moment for o in decision.skip} == {decision.send.moment}


# Clocks changing, month ends and other time zones.


def test_send_time_is_local_across_the_spring_clock_change() -> None:
    moments = schedule(date(2023, 3, 29), until=utc(2023, 3, 30, 0))
    assert moments["before-7"] == utc(2023, 3, 22, 9)  # GMT
    assert moments["before-1"] == utc(2023, 3, 28, 8)  # BST
    assert moments["due"] == utc(2023, 3, 29, 8)


def test_send_time_is_local_across_the_autumn_clock_change() -> None:
    moments = schedule(date(2023, 11, 1), until=utc(2023, 11, 2, 0))
    assert moments["before-14"] == utc(2023, 10, 18, 8)  # BST
    assert moments["before-7"] == utc(2023, 10, 25, 8)
    assert moments["due"] == utc(2023, 11, 1, 9)  # GMT


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (date(2023, 1, 31), {"before-1": utc(2023, 1, 30, 9), "overdue-7": utc(2023, 2, 7, 9)}),
        (date(2023, 2, 28), {"before-14": utc(2023, 2, 14, 9), "overdue-7": utc(2023, 3, 7, 9)}),
        (date(2024, 2, 29), {"before-14": utc(2024, 2, 15, 9), "overdue-7": utc(2024, 3, 7, 9)}),
    ],
)
def test_month_ends(due: date, expected: dict[str, datetime]) -> None:
    moments = schedule(due, until=utc(2024, 12, 31, 0))
    assert {key: moments[key] for key in expected} == expected


def test_a_lead_in_new_york_hears_at_nine_new_york_time() -> None:
    assert occurrence(date(2023, 7, 12), "due", NEW_YORK).moment == utc(2023, 7, 12, 13)
    assert occurrence(date(2023, 1, 11), "due", NEW_YORK).moment == utc(2023, 1, 11, 14)
    befores = {"before-14", "before-7", "before-1"}
    london_morning = "2023-07-12T09:30+01:00"
    assert decide_for(date(2023, 7, 12), london_morning, befores, NEW_YORK) == Decision(send=None)
    decision = decide_for(date(2023, 7, 12), "2023-07-12T13:30+00:00", befores, NEW_YORK)
    assert decision.send is not None and decision.send.key == "due"


def test_the_weekend_is_judged_in_the_recipients_zone() -> None:
    friday_evening_utc = at("2023-07-14T22:00+00:00")  # already Saturday in Auckland
    assert may_send_at(friday_evening_utc, tz="UTC", rules=RULES, calendar=ENGLAND)
    auckland = "Pacific/Auckland"
    assert not may_send_at(friday_evening_utc, tz=auckland, rules=RULES, calendar=ENGLAND)


def test_a_deadline_two_years_past_sends_only_the_latest_overdue() -> None:
    due = date(2020, 8, 28)
    decision = decide_for(due, "2022-08-24T09:30+01:00", set())
    assert decision.send is not None
    assert decision.send.kind is RuleKind.OVERDUE
    assert decision.send.moment <= at("2022-08-24T09:30+01:00")
    assert decision.send.moment > at("2022-08-24T09:30+01:00") - timedelta(days=7)
    skipped = [o.key for o in decision.skip]
    assert len(skipped) == len(set(skipped)) == 3 + 1 + decision.send.offset_days // 7 - 1
    assert decide_for(due, "2022-08-24T09:30+01:00", {decision.send.key, *skipped}) == Decision(
        send=None
    )


# Escalation to the board secretary.


def test_escalation_is_its_own_occurrence_after_the_overdue_threshold() -> None:
    escalation = escalation_occurrence(DUE_AUGUST, tz=LONDON, rules=RULES, calendar=ENGLAND)
    assert (escalation.kind, escalation.offset_days, escalation.key) == (
        RuleKind.ESCALATE,
        14,
        "escalate-14",
    )
    assert escalation.moment == utc(2022, 9, 14, 8)


def test_escalation_on_a_weekend_moves_to_the_next_working_day() -> None:
    rules = ReminderRules(escalate_after_days=10)  # 31 Aug 2022 + 10 is a Saturday
    escalation = escalation_occurrence(DUE_AUGUST, tz=LONDON, rules=rules, calendar=ENGLAND)
    assert escalation.moment == utc(2022, 9, 12, 8)


@pytest.mark.parametrize(
    ("now", "already", "sent"),
    [
        ("2022-09-13T12:00+01:00", set(), False),  # not yet
        ("2022-09-14T08:59+01:00", set(), False),  # before the send time
        ("2022-09-14T09:00+01:00", set(), True),
        ("2022-09-14T09:00+01:00", {"escalate-14"}, False),  # once only
        ("2022-09-17T10:00+01:00", set(), False),  # Saturday
        ("2024-09-17T10:00+01:00", set(), True),  # years late, still told once
    ],
)
def test_when_the_secretary_is_told(now: str, already: set[str], sent: bool) -> None:
    decision = decide_escalation(
        DUE_AUGUST, now=at(now), tz=LONDON, already=already, rules=RULES, calendar=ENGLAND
    )
    assert decision.skip == ()
    assert (decision.send is not None) is sent


# Keys, days until, sweep bounds and configuration.


def test_keys_are_stable_names() -> None:
    keys = list(schedule(DUE_AUGUST, until=utc(2022, 9, 15, 0)))
    assert keys == ["before-14", "before-7", "before-1", "due", "overdue-7", "overdue-14"]


@pytest.mark.parametrize(
    ("now", "tz", "expected"),
    [
        ("2022-08-24T09:30+01:00", LONDON, 7),
        ("2022-08-31T23:59+01:00", LONDON, 0),
        ("2022-09-07T00:01+01:00", LONDON, -7),
        ("2022-09-01T02:00+00:00", NEW_YORK, 0),  # still 31 August in New York
    ],
)
def test_days_until_uses_the_recipients_date(now: str, tz: str, expected: int) -> None:
    assert days_until(DUE_AUGUST, at(now), tz) == expected


def test_latest_relevant_due_without_a_calendar_keeps_a_margin() -> None:
    assert latest_relevant_due(date(2022, 8, 24), RULES) == date(2022, 9, 14)
    assert latest_relevant_due(date(2022, 8, 24), ReminderRules(days_before=())) == date(
        2022, 8, 24
    )


def test_latest_relevant_due_with_a_calendar_is_exact() -> None:
    for today in (date(2021, 12, 24) + timedelta(days=n) for n in range(-5, 40)):
        latest = latest_relevant_due(today, RULES, ENGLAND)
        end_of_today = datetime.combine(today, time(23, 59), tzinfo=UTC)
        for due in (latest - timedelta(days=n) for n in range(-3, 4)):
            has_come = bool(schedule(due, tz="UTC", until=end_of_today))
            assert has_come is (due <= latest), (today, due)
    # Christmas 2021 closes 25 to 28 December, so a 14-day reminder pulled back to Christmas Eve
    # belongs to a deadline as late as 11 January.
    assert latest_relevant_due(date(2021, 12, 24), RULES, ENGLAND) == date(2022, 1, 11)


def test_rules_accept_days_before_in_any_order() -> None:
    assert ReminderRules(days_before=(1, 14, 7, 7)).days_before == (14, 7, 1)


@pytest.mark.parametrize(
    "settings",
    [
        {"days_before": (7, 0)},
        {"days_before": (-1,)},
        {"overdue_repeat_days": 0},
        {"escalate_after_days": 0},
        {"send_time": time(9, 0, tzinfo=UTC)},
    ],
)
def test_rules_refuse_nonsense(settings: dict[str, object]) -> None:
    with pytest.raises(InvalidInput):
        ReminderRules(**settings)  # type: ignore[arg-type]


def test_a_custom_send_time() -> None:
    rules = ReminderRules(send_time=time(8, 30))
    found = lead_occurrences(DUE_AUGUST, until=FAR_FUTURE, tz=LONDON, rules=rules, calendar=ENGLAND)
    assert found[0].moment == utc(2022, 8, 17, 7, 30)
    assert not may_send_at(at("2022-08-17T08:29+01:00"), tz=LONDON, rules=rules, calendar=ENGLAND)
    assert may_send_at(at("2022-08-17T08:30+01:00"), tz=LONDON, rules=rules, calendar=ENGLAND)


def test_an_unknown_time_zone_is_refused() -> None:
    with pytest.raises(InvalidInput) as error:
        decide_for(DUE_AUGUST, "2022-08-24T09:30+01:00", set(), tz="Mars/Olympus_Mons")
    assert "Europe/London" in error.value.user_message


def test_a_naive_now_is_a_programming_error() -> None:
    naive = datetime(2022, 8, 24, 9, 30)
    with pytest.raises(ValueError):
        decide(DUE_AUGUST, now=naive, tz=LONDON, already=set(), rules=RULES, calendar=ENGLAND)
