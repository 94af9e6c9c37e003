"""Working days: weekends, bank holidays, subdivisions and bad configuration."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest

from bot.calendar import WorkingCalendar
from bot.errors import InvalidInput

ENGLAND = WorkingCalendar()


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2022, 8, 26), True),  # Friday
        (date(2022, 8, 27), False),  # Saturday
        (date(2022, 8, 28), False),  # Sunday
        (date(2022, 8, 29), False),  # Summer bank holiday
        (date(2022, 8, 30), True),
        (date(2023, 12, 25), False),  # Christmas Day
        (date(2023, 12, 26), False),  # Boxing Day
        (date(2023, 12, 27), True),
        (date(2022, 12, 27), False),  # Christmas Day moved off a Sunday
        (date(2023, 1, 2), False),  # New Year's Day moved off a Sunday
    ],
)
def test_weekends_and_english_bank_holidays_are_not_working_days(day: date, working: bool) -> None:
    assert ENGLAND.is_working_day(day) is working


def test_holiday_name_names_the_bank_holiday_and_nothing_else() -> None:
    assert "Summer" in (ENGLAND.holiday_name(date(2022, 8, 29)) or "")
    assert ENGLAND.holiday_name(date(2023, 12, 25)) == "Christmas Day"
    assert ENGLAND.holiday_name(date(2022, 8, 30)) is None
    assert ENGLAND.holiday_name(date(2022, 8, 27)) is None  # a weekend is not a holiday


def test_a_working_day_is_its_own_previous_and_next_working_day() -> None:
    assert ENGLAND.previous_working_day(date(2022, 8, 31)) == date(2022, 8, 31)
    assert ENGLAND.next_working_day(date(2022, 8, 31)) == date(2022, 8, 31)


def test_moving_over_a_bank_holiday_weekend() -> None:
    assert ENGLAND.previous_working_day(date(2022, 8, 29)) == date(2022, 8, 26)
    assert ENGLAND.next_working_day(date(2022, 8, 27)) == date(2022, 8, 30)


def test_moving_over_christmas() -> None:
    assert ENGLAND.next_working_day(date(2023, 12, 25)) == date(2023, 12, 27)
    # 2021: Christmas and Boxing Day on a weekend, both moved to the Monday and Tuesday.
    assert ENGLAND.next_working_day(date(2021, 12, 25)) == date(2021, 12, 29)
    assert ENGLAND.previous_working_day(date(2021, 12, 28)) == date(2021, 12, 24)


def test_any_year_works_without_setting_years_up_front() -> None:
    calendar = WorkingCalendar()
    assert calendar.holiday_name(date(2035, 12, 25)) == "Christmas Day"
    assert not calendar.is_working_day(date(2019, 1, 1))
    assert calendar.next_working_day(date(2040, 12, 31)).year in (2040, 2041)


def test_subdivisions_have_their_own_holidays() -> None:
    scotland = WorkingCalendar("GB", "SCT")
    assert not scotland.is_working_day(date(2024, 1, 2))
    assert ENGLAND.is_working_day(date(2024, 1, 2))
    assert not scotland.is_working_day(date(2024, 8, 5))  # Scotland's summer bank holiday
    assert ENGLAND.is_working_day(date(2024, 8, 5))
    assert scotland.is_working_day(date(2024, 8, 26))  # England's


def test_national_calendar_without_a_subdivision() -> None:
    national = WorkingCalendar("GB", None)
    assert national.subdivision is None
    assert not national.is_working_day(date(2023, 12, 25))


def test_other_countries() -> None:
    us = WorkingCalendar("US", None)
    assert not us.is_working_day(date(2023, 7, 4))
    assert ENGLAND.is_working_day(date(2023, 7, 4))


def test_codes_are_read_case_insensitively() -> None:
    calendar = WorkingCalendar("gb", "eng")
    assert (calendar.country, calendar.subdivision) == ("GB", "ENG")


def test_an_unknown_country_is_refused_with_an_example() -> None:
    with pytest.raises(InvalidInput) as error:
        WorkingCalendar("XX", None)
    assert "'XX'" in error.value.user_message
    assert "GB" in error.value.user_message


def test_an_unknown_subdivision_is_refused_with_the_valid_ones() -> None:
    with pytest.raises(InvalidInput) as error:
        WorkingCalendar("GB", "LDN")
    message = error.value.user_message
    assert "'LDN'" in message
    assert all(code in message for code in ("ENG", "NIR", "SCT", "WLS"))


def test_a_subdivision_for_a_country_without_any_is_refused() -> None:
    with pytest.raises(InvalidInput) as error:
        WorkingCalendar("IS", "X")
    assert "no holiday subdivisions" in error.value.user_message


def test_threads_sharing_a_calendar_agree_with_a_single_thread() -> None:
    days = [date(2050, 1, 1) + timedelta(days=n) for n in range(0, 3650, 3)]
    shared = WorkingCalendar()
    results: list[list[bool]] = []

    def look_up() -> None:
        results.append([shared.is_working_day(day) for day in days])

    threads = [threading.Thread(target=look_up) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    expected = [WorkingCalendar().is_working_day(day) for day in days]
    assert results == [expected] * 4
