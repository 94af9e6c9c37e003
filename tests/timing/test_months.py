"""Tests for the deadline parser: Timings that name months: one month, ranges of months, months
without a year, years and quarters."""

from __future__ import annotations

from datetime import date

import pytest

from bot.timing import (
    ACCEPTED_FORMS,
    parse_timing,
)
from tests.timing.helpers import D, G, rejected, window

# Months


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("August 2022", D(2022, 8, 1), D(2022, 8, 31)),
        ("Aug 2022", D(2022, 8, 1), D(2022, 8, 31)),
        ("august 2022", D(2022, 8, 1), D(2022, 8, 31)),
        ("AUGUST 2022", D(2022, 8, 1), D(2022, 8, 31)),
        ("Aug. 2022", D(2022, 8, 1), D(2022, 8, 31)),
        ("August, 2022", D(2022, 8, 1), D(2022, 8, 31)),
        ("Sept 2022", D(2022, 9, 1), D(2022, 9, 30)),
        ("Sep 2022", D(2022, 9, 1), D(2022, 9, 30)),
        ("Sept. 2022", D(2022, 9, 1), D(2022, 9, 30)),
        ("September 2022", D(2022, 9, 1), D(2022, 9, 30)),
        ("October 2022", D(2022, 10, 1), D(2022, 10, 31)),
        ("December 2022", D(2022, 12, 1), D(2022, 12, 31)),
        ("January 2023", D(2023, 1, 1), D(2023, 1, 31)),
        ("June 2023", D(2023, 6, 1), D(2023, 6, 30)),
        ("May 2023", D(2023, 5, 1), D(2023, 5, 31)),
    ],
)
def test_a_month_is_due_on_its_last_day(text: str, start: date, end: date) -> None:
    assert window(text) == (start, end, G.MONTH)


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("February 2024", D(2024, 2, 29)),
        ("February 2023", D(2023, 2, 28)),
        ("Feb 2000", D(2000, 2, 29)),
        ("Feb 2100", D(2100, 2, 28)),
    ],
)
def test_february_ends_on_the_right_day_in_leap_and_common_years(text: str, due: date) -> None:
    assert parse_timing(text).due == due


@pytest.mark.parametrize(
    ("names", "month"),
    [
        (("January", "Jan"), 1),
        (("February", "Feb"), 2),
        (("March", "Mar"), 3),
        (("April", "Apr"), 4),
        (("May",), 5),
        (("June", "Jun"), 6),
        (("July", "Jul"), 7),
        (("August", "Aug"), 8),
        (("September", "Sept", "Sep"), 9),
        (("October", "Oct"), 10),
        (("November", "Nov"), 11),
        (("December", "Dec"), 12),
    ],
)
def test_every_month_name_and_abbreviation_is_known(names: tuple[str, ...], month: int) -> None:
    for name in names:
        assert parse_timing(f"{name} 2023").start == D(2023, month, 1)


@pytest.mark.parametrize("text", ["Augus 2022", "Augustt 2022", "Septem 2022", "Ju 2022"])
def test_misspelt_months_are_rejected(text: str) -> None:
    rejected(text)


# Ranges of months


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("August/Sept 2022", D(2022, 8, 1), D(2022, 9, 30)),
        ("August / September 2022", D(2022, 8, 1), D(2022, 9, 30)),
        ("Aug-Sep 2022", D(2022, 8, 1), D(2022, 9, 30)),
        ("Aug - Sep 2022", D(2022, 8, 1), D(2022, 9, 30)),
        ("Aug–Sep 2022", D(2022, 8, 1), D(2022, 9, 30)),
        ("August to September 2022", D(2022, 8, 1), D(2022, 9, 30)),
        ("Nov 2022/Jan 2023", D(2022, 11, 1), D(2023, 1, 31)),
        ("December 2022 - January 2023", D(2022, 12, 1), D(2023, 1, 31)),
        ("December 2022 — January 2023", D(2022, 12, 1), D(2023, 1, 31)),
        ("Aug 2022/Sept 2022", D(2022, 8, 1), D(2022, 9, 30)),
        ("January/March 2024", D(2024, 1, 1), D(2024, 3, 31)),
        ("Jan-Feb 2024", D(2024, 1, 1), D(2024, 2, 29)),
        ("Aug/Aug 2022", D(2022, 8, 1), D(2022, 8, 31)),
    ],
)
def test_a_range_runs_from_the_first_month_to_the_end_of_the_last(
    text: str, start: date, end: date
) -> None:
    assert window(text) == (start, end, G.RANGE)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Dec/Jan 2023", D(2022, 12, 1), D(2023, 1, 31)),
        ("November to February 2024", D(2023, 11, 1), D(2024, 2, 29)),
        ("Sept-Aug 2023", D(2022, 9, 1), D(2023, 8, 31)),
    ],
)
def test_a_range_that_wraps_the_year_starts_in_the_year_before(
    text: str, start: date, end: date
) -> None:
    assert window(text) == (start, end, G.RANGE)


def test_a_range_ending_before_it_starts_is_rejected() -> None:
    message = rejected("Sept 2022/Aug 2022")
    assert "ends before it starts" in message


def test_a_range_with_only_the_first_year_is_rejected() -> None:
    message = rejected("Nov 2022/Jan")
    assert "Nov 2022/Jan 2023" in message


def test_a_range_without_any_year_takes_the_next_end_month() -> None:
    assert window("Dec/Jan", today=D(2022, 10, 10)) == (D(2022, 12, 1), D(2023, 1, 31), G.RANGE)
    assert window("August/Sept", today=D(2022, 7, 20)) == (
        D(2022, 8, 1),
        D(2022, 9, 30),
        G.RANGE,
    )


def test_a_range_without_any_year_needs_today() -> None:
    assert "year" in rejected("August/Sept")


@pytest.mark.parametrize("text", ["August and September 2022", "Aug//Sep 2022", "Aug/Sep/Oct 2022"])
def test_other_ways_of_joining_months_are_rejected(text: str) -> None:
    rejected(text)


# Quarters


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Q1 2023", D(2023, 1, 1), D(2023, 3, 31)),
        ("Q2 2023", D(2023, 4, 1), D(2023, 6, 30)),
        ("Q3 2023", D(2023, 7, 1), D(2023, 9, 30)),
        ("Q4 2023", D(2023, 10, 1), D(2023, 12, 31)),
        ("q3 2023", D(2023, 7, 1), D(2023, 9, 30)),
        ("Q3, 2023", D(2023, 7, 1), D(2023, 9, 30)),
        ("2023 Q3", D(2023, 7, 1), D(2023, 9, 30)),
        ("2023 q4", D(2023, 10, 1), D(2023, 12, 31)),
    ],
)
def test_a_quarter_is_a_calendar_quarter(text: str, start: date, end: date) -> None:
    assert window(text) == (start, end, G.QUARTER)


@pytest.mark.parametrize(
    "text", ["Q5 2023", "Q0 2023", "Q3 2023/24", "Q3", "Q3 23", "Q32023", "Q 3 2023", "Q3 1989"]
)
def test_other_quarters_are_rejected(text: str) -> None:
    rejected(text, today=D(2023, 1, 1))


# Months without a year


@pytest.mark.parametrize(
    ("text", "today", "year"),
    [
        ("October", D(2022, 10, 10), 2022),
        ("October", D(2022, 10, 31), 2022),
        ("October", D(2022, 9, 30), 2022),
        ("October", D(2022, 11, 5), 2023),
        ("end of October", D(2022, 11, 5), 2023),
        ("by end of October", D(2022, 7, 20), 2022),
        ("January", D(2022, 12, 31), 2023),
        ("December", D(2022, 1, 1), 2022),
        ("Sept", D(2022, 7, 20), 2022),
    ],
)
def test_a_month_without_a_year_is_the_next_such_month(text: str, today: date, year: int) -> None:
    deadline = parse_timing(text, today=today)
    assert deadline.granularity is G.MONTH
    assert (deadline.start.year, deadline.end.year) == (year, year)  # type: ignore[union-attr]


def test_a_month_without_a_year_needs_today() -> None:
    message = rejected("end of October")
    assert "“end of October” has no year" in message
    assert "October 2024" in message
    assert message.endswith(ACCEPTED_FORMS)


# Years


@pytest.mark.parametrize("text", ["August 1990", "1 January 1990", "December 2100", "Q4 2100"])
def test_years_from_1990_to_2100_are_accepted(text: str) -> None:
    assert parse_timing(text).due is not None


@pytest.mark.parametrize(
    "text", ["August 1989", "August 2101", "31/12/1989", "1 January 2101", "2101-01-01", "Q1 1989"]
)
def test_years_outside_1990_to_2100_are_rejected(text: str) -> None:
    assert "between 1990 and 2100" in rejected(text)


@pytest.mark.parametrize(
    "text", ["August 20222", "August 22", "August '22", "31 August 24", "Aug 202"]
)
def test_years_must_have_four_digits_outside_the_numeric_form(text: str) -> None:
    rejected(text)
