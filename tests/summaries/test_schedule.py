"""When scheduled summaries and update requests fall due: working days before the meeting."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.calendar import WorkingCalendar
from bot.summaries.schedule import is_due, look_ahead, working_days_before

LONDON = ZoneInfo("Europe/London")
CALENDAR = WorkingCalendar("GB", "ENG")
MEETING = date(2022, 10, 20)  # a Thursday


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (1, date(2022, 10, 19)),
        (3, date(2022, 10, 17)),
        (5, date(2022, 10, 13)),
        (10, date(2022, 10, 6)),
        (0, MEETING),
    ],
)
def test_working_days_skip_weekends(days: int, expected: date) -> None:
    assert working_days_before(CALENDAR, MEETING, days) == expected


def test_working_days_skip_bank_holidays() -> None:
    # Tuesday 3 January 2023; Monday 2 January was the New Year bank holiday.
    assert working_days_before(CALENDAR, date(2023, 1, 3), 1) == date(2022, 12, 30)
    assert working_days_before(CALENDAR, date(2023, 1, 4), 2) == date(2022, 12, 30)
    # ...and Tuesday 27 December 2022 stood in for Boxing Day.
    assert working_days_before(CALENDAR, date(2022, 12, 29), 2) == date(2022, 12, 23)


def test_due_from_nine_on_the_opening_day_until_the_meeting() -> None:
    opens = date(2022, 10, 13)
    assert not is_due(at(opens, 8, 59), MEETING, 5, CALENDAR, on_meeting_day=True)
    assert is_due(at(opens, 9), MEETING, 5, CALENDAR, on_meeting_day=True)
    assert is_due(at(date(2022, 10, 17), 0, 5), MEETING, 5, CALENDAR, on_meeting_day=True)
    assert is_due(at(MEETING, 8), MEETING, 5, CALENDAR, on_meeting_day=True)
    assert not is_due(at(MEETING, 8), MEETING, 10, CALENDAR, on_meeting_day=False)
    assert not is_due(at(date(2022, 10, 21), 9), MEETING, 5, CALENDAR, on_meeting_day=True)


def test_zero_days_turns_the_post_off() -> None:
    assert not is_due(at(MEETING, 12), MEETING, 0, CALENDAR, on_meeting_day=True)


@pytest.mark.parametrize("days", [1, 5, 10, 30, 60])
def test_look_ahead_covers_the_working_days_over_christmas(days: int) -> None:
    meeting = date(2023, 1, 5)
    assert meeting - working_days_before(CALENDAR, meeting, days) <= look_ahead(days)
