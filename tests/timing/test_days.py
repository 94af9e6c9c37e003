"""Tests for the deadline parser: Timings that name a day, and phrases around a timing: "by",
"before", "end of", the next meeting, no deadline."""

from __future__ import annotations

from datetime import date

import pytest

from bot.timing import (
    Deadline,
    Granularity,
    parse_timing,
)
from tests.timing.helpers import D, G, rejected, window

# Days


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("31 August 2024", D(2024, 8, 31)),
        ("31 Aug 2024", D(2024, 8, 31)),
        ("31 august 2024", D(2024, 8, 31)),
        ("31 August, 2024", D(2024, 8, 31)),
        ("1st December 2023", D(2023, 12, 1)),
        ("1st of December 2023", D(2023, 12, 1)),
        ("2nd May 2024", D(2024, 5, 2)),
        ("3rd June 2024", D(2024, 6, 3)),
        ("4th July 2024", D(2024, 7, 4)),
        ("22nd Sept 2024", D(2024, 9, 22)),
        ("01 August 2024", D(2024, 8, 1)),
        ("August 31, 2024", D(2024, 8, 31)),
        ("August 31 2024", D(2024, 8, 31)),
        ("Aug 1st, 2024", D(2024, 8, 1)),
        ("31/08/2024", D(2024, 8, 31)),
        ("31/8/2024", D(2024, 8, 31)),
        ("31/8/24", D(2024, 8, 31)),
        ("1/2/24", D(2024, 2, 1)),
        ("31.08.2024", D(2024, 8, 31)),
        ("31.8.24", D(2024, 8, 31)),
        ("31-08-2024", D(2024, 8, 31)),
        ("2024-08-31", D(2024, 8, 31)),
        ("2024-8-1", D(2024, 8, 1)),
        ("29/02/2024", D(2024, 2, 29)),
        ("29 February 2024", D(2024, 2, 29)),
    ],
)
def test_a_day_is_a_one_day_window(text: str, day: date) -> None:
    assert window(text) == (day, day, G.DAY)


def test_numeric_dates_are_read_day_first() -> None:
    assert parse_timing("01/02/2024").due == D(2024, 2, 1)
    assert parse_timing("12/11/2023").due == D(2023, 11, 12)


def test_a_month_first_date_is_not_quietly_swapped() -> None:
    rejected("12/13/2024")
    rejected("8/31/2024")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("31/02/2024", "February 2024 has no day 31"),
        ("30 February 2024", "February 2024 has no day 30"),
        ("29/02/2023", "February 2023 has no day 29"),
        ("29 Feb 2023", "February 2023 has no day 29"),
        ("31 April 2024", "April 2024 has no day 31"),
        ("31/06/2024", "June 2024 has no day 31"),
        ("0/08/2024", "August 2024 has no day 0"),
        ("2024-02-30", "February 2024 has no day 30"),
        ("13/13/2024", "only 12 months"),
        ("1/0/2024", "only 12 months"),
        ("2024-13-01", "only 12 months"),
    ],
)
def test_dates_not_on_the_calendar_are_rejected_with_the_reason(text: str, reason: str) -> None:
    message = rejected(text)
    assert reason in message
    assert f"“{text}” is not a date or timing I understand" in message


@pytest.mark.parametrize(
    "text",
    [
        "31/08.2024",  # mixed separators
        "31/08/024",
        "031/08/2024",
        "31/08",
        "31 August",  # a day needs its year
        "August 31",
        "31/08/2024 10:00",
        "2024/08/31",
        "20240831",
        "32 August 2024",
        "0 August 2024",
        "31st August",
    ],
)
def test_incomplete_or_malformed_days_are_rejected(text: str) -> None:
    rejected(text, today=D(2024, 1, 1))


def test_a_two_digit_year_with_dashes_is_rejected_as_ambiguous() -> None:
    message = rejected("24-08-31")
    assert "write the year in full" in message


def test_two_digit_years_mean_this_century() -> None:
    assert parse_timing("31/8/99").due == D(2099, 8, 31)
    assert parse_timing("1/1/00").due == D(2000, 1, 1)


# "by", "before", "end of"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("By 1 December 2023", (D(2023, 12, 1), D(2023, 12, 1), G.DAY)),
        ("by 31/08/2024", (D(2024, 8, 31), D(2024, 8, 31), G.DAY)),
        ("by the 1st of December 2023", (D(2023, 12, 1), D(2023, 12, 1), G.DAY)),
        ("before 31 May 2024", (D(2024, 5, 31), D(2024, 5, 31), G.DAY)),
        ("no later than 31 May 2024", (D(2024, 5, 31), D(2024, 5, 31), G.DAY)),
        ("by end of March 2023", (D(2023, 3, 1), D(2023, 3, 31), G.MONTH)),
        ("by the end of March 2023", (D(2023, 3, 1), D(2023, 3, 31), G.MONTH)),
        ("end of March 2023", (D(2023, 3, 1), D(2023, 3, 31), G.MONTH)),
        ("End March 2023", (D(2023, 3, 1), D(2023, 3, 31), G.MONTH)),
        ("the end of March 2023", (D(2023, 3, 1), D(2023, 3, 31), G.MONTH)),
        ("By March 2023", (D(2023, 3, 1), D(2023, 3, 31), G.MONTH)),
        ("before end of March 2023", (D(2023, 3, 1), D(2023, 3, 31), G.MONTH)),
        ("by end of Q3 2023", (D(2023, 7, 1), D(2023, 9, 30), G.QUARTER)),
        ("by Aug/Sept 2022", (D(2022, 8, 1), D(2022, 9, 30), G.RANGE)),
    ],
)
def test_leading_by_before_and_end_of_keep_the_window_of_what_follows(
    text: str, expected: tuple[date, date, Granularity]
) -> None:
    assert window(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "by",
        "before",
        "end",
        "end of",
        "by the end of",
        "no later than",
        "by by 1 December 2023",
        "after 1 December 2023",
        "around August 2022",
        "by tbc",
        "by completed",
        "before ongoing",
    ],
)
def test_a_leading_phrase_must_be_followed_by_a_timing(text: str) -> None:
    rejected(text)


# No deadline and completed


@pytest.mark.parametrize(
    "text", ["Completed", "completed", "COMPLETED", "Complete", "done", "Done."]
)
def test_completed_has_no_dates(text: str) -> None:
    deadline = parse_timing(text)
    assert deadline == Deadline(text, None, None, G.NONE, completed=True)
    assert deadline.due is None
    assert deadline.describe() == "completed"


@pytest.mark.parametrize(
    "text",
    [None, "", "   ", "Ongoing", "ongoing", "TBC", "tbc", "TBD", "n/a", "N/A", "-", "–", "none"],
)
def test_ongoing_and_unknown_timings_have_no_deadline(text: str | None) -> None:
    deadline = parse_timing(text)
    assert (deadline.start, deadline.end, deadline.granularity) == (None, None, G.NONE)
    assert not deadline.completed
    assert deadline.describe() == "no deadline"


# Next meeting


@pytest.mark.parametrize(
    "text",
    [
        "next board",
        "next meeting",
        "next board meeting",
        "Next Board Meeting",
        "by the next meeting",
    ],
)
def test_next_meeting_is_the_boards_next_meeting_date(text: str) -> None:
    meeting = D(2022, 10, 14)
    assert window(text, next_meeting=meeting) == (meeting, meeting, G.DAY)


def test_next_meeting_without_a_meeting_date_says_what_to_do() -> None:
    message = rejected("next board meeting", today=D(2022, 7, 20))
    assert "no upcoming meeting date" in message
    assert 'due:"31 August 2024"' in message
    assert "meeting dates" in message


def test_next_meeting_does_not_change_other_timings() -> None:
    assert parse_timing("August 2022", next_meeting=D(2022, 7, 1)).due == D(2022, 8, 31)


@pytest.mark.parametrize(
    "text", ["next week", "next month", "next board meeting please", "meeting"]
)
def test_other_relative_phrases_are_rejected(text: str) -> None:
    rejected(text, today=D(2022, 7, 20), next_meeting=D(2022, 10, 14))
