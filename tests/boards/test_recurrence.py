"""Meeting dates and recurrence rules: what is accepted, what each rule gives, what is refused."""

from __future__ import annotations

from datetime import date

import pytest

from bot.boards.recurrence import (
    Recurrence,
    describe_rule,
    parse_meeting_date,
    parse_recurrence,
)
from bot.errors import InvalidInput


@pytest.mark.parametrize(
    "text", ["20 October 2022", "20/10/2022", "2022-10-20", "October 20, 2022", "20th October 2022"]
)
def test_meeting_dates_in_the_usual_forms(text: str) -> None:
    assert parse_meeting_date(text) == date(2022, 10, 20)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("October 2022", "is not a meeting date"),
        ("20 October", "is not a meeting date"),
        ("Q3 2022", "is not a meeting date"),
        ("next board", "is not a meeting date"),
        ("31 February 2023", "February 2023 has no day 31"),
        ("soon", "is not a meeting date"),
    ],
)
def test_anything_but_one_day_is_refused_with_the_forms(text: str, says: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        parse_meeting_date(text)
    assert says in raised.value.user_message
    assert "2022-10-20" in raised.value.user_message


def dates(text: str, start: date, through: date) -> list[date]:
    rule = parse_recurrence(text, start)
    assert rule is not None
    return rule.dates(date(2000, 1, 1), through)


@pytest.mark.parametrize("text", ["3 months", "every 3 months", "quarterly", "Every 3 Months"])
def test_every_three_months(text: str) -> None:
    assert dates(text, date(2022, 10, 20), date(2023, 7, 31)) == [
        date(2022, 10, 20),
        date(2023, 1, 20),
        date(2023, 4, 20),
        date(2023, 7, 20),
    ]


def test_a_month_end_start_keeps_to_month_ends_instead_of_skipping_short_months() -> None:
    assert dates("every 3 months", date(2022, 10, 31), date(2023, 10, 31)) == [
        date(2022, 10, 31),
        date(2023, 1, 31),
        date(2023, 4, 30),
        date(2023, 7, 31),
        date(2023, 10, 31),
    ]
    assert dates("monthly", date(2023, 1, 30), date(2023, 3, 31)) == [
        date(2023, 1, 30),
        date(2023, 2, 28),
        date(2023, 3, 30),
    ]


def test_weeks_and_years() -> None:
    assert dates("fortnightly", date(2022, 10, 20), date(2022, 11, 20)) == [
        date(2022, 10, 20),
        date(2022, 11, 3),
        date(2022, 11, 17),
    ]
    assert dates("yearly", date(2024, 2, 29), date(2026, 3, 1)) == [
        date(2024, 2, 29),
        date(2025, 2, 28),
        date(2026, 2, 28),
    ]


def test_rrule_for_the_fourth_thursday_of_every_third_month() -> None:
    text = "FREQ=MONTHLY;INTERVAL=3;BYDAY=4TH"
    assert dates(text, date(2022, 10, 27), date(2023, 10, 31)) == [
        date(2022, 10, 27),
        date(2023, 1, 26),
        date(2023, 4, 27),
        date(2023, 7, 27),
        date(2023, 10, 26),
    ]
    assert parse_recurrence(
        "rrule:freq=monthly;interval=3;byday=4th", date(2022, 10, 27)
    ) == Recurrence(text, date(2022, 10, 27))


def test_the_named_start_day_is_a_meeting_even_off_the_rule() -> None:
    rule = parse_recurrence("FREQ=MONTHLY;BYDAY=4TH", date(2022, 10, 20))
    assert rule is not None
    assert rule.dates(date(2022, 10, 1), date(2022, 11, 30)) == [
        date(2022, 10, 20),
        date(2022, 10, 27),
        date(2022, 11, 24),
    ]


def test_dates_are_counted_after_the_given_day_only() -> None:
    rule = Recurrence("FREQ=MONTHLY;INTERVAL=3", date(2022, 10, 20))
    assert rule.dates(date(2022, 10, 20), date(2023, 4, 20)) == [
        date(2023, 1, 20),
        date(2023, 4, 20),
    ]
    assert rule.dates(date(2021, 1, 1), date(2022, 10, 19)) == []


def test_count_and_until_end_a_rule() -> None:
    assert dates("FREQ=MONTHLY;COUNT=2", date(2022, 10, 20), date(2024, 1, 1)) == [
        date(2022, 10, 20),
        date(2022, 11, 20),
    ]
    assert dates("FREQ=MONTHLY;UNTIL=20221231", date(2022, 10, 20), date(2024, 1, 1)) == [
        date(2022, 10, 20),
        date(2022, 11, 20),
        date(2022, 12, 20),
    ]


@pytest.mark.parametrize("text", ["none", "never", "None"])
def test_none_means_no_recurrence(text: str) -> None:
    assert parse_recurrence(text, date(2022, 10, 20)) is None


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("3 days", "not a recurrence I understand"),
        ("every 0 months", "every 1 to 60"),
        ("sometimes", "not a recurrence I understand"),
        ("FREQ=DAILY", "weekly, monthly or yearly"),
        ("FREQ=HOURLY;INTERVAL=2", "weekly, monthly or yearly"),
        ("FREQ=MONTHLY;INTERVAL=0", "INTERVAL must be"),
        ("FREQ=MONTHLY;BYDAY=XX", "cannot be read"),
        ("FREQ=MONTHLY;COUNT=2;UNTIL=20230101", "COUNT or UNTIL"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "finds no meeting"),
        ("FREQ=MONTHLY;BYDAY", "NAME=VALUE"),
    ],
)
def test_bad_recurrences_are_refused_with_the_forms(text: str, says: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        parse_recurrence(text, date(2022, 10, 20))
    assert says in raised.value.user_message


def test_descriptions() -> None:
    assert describe_rule("FREQ=MONTHLY;INTERVAL=3") == "every 3 months"
    assert describe_rule("FREQ=WEEKLY;INTERVAL=1") == "every week"
    assert describe_rule("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=31,-1;BYSETPOS=1") == "every 3 months"
    assert describe_rule("FREQ=MONTHLY;INTERVAL=3;BYDAY=4TH") == "FREQ=MONTHLY;INTERVAL=3;BYDAY=4TH"
    assert (
        Recurrence("FREQ=YEARLY;INTERVAL=1", date(2022, 10, 20)).describe()
        == "every year, from 20 October 2022"
    )
