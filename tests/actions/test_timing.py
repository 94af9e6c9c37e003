"""Tests for the deadline parser: what people write in an Annex A "Timing" column."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.timing import (
    ACCEPTED_FORMS,
    MONTH_NAMES,
    Deadline,
    Granularity,
    TimingError,
    format_date,
    parse_timing,
)
from bot.errors import BotError, InvalidInput

D = date
G = Granularity


def window(text: str | None, **kwargs: date) -> tuple[date | None, date | None, Granularity]:
    deadline = parse_timing(text, **kwargs)
    return deadline.start, deadline.end, deadline.granularity


def rejected(text: str | None, **kwargs: date) -> str:
    with pytest.raises(TimingError) as caught:
        parse_timing(text, **kwargs)
    return caught.value.user_message


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


# Nonsense


@pytest.mark.parametrize(
    "text",
    [
        "soonish",
        "12",
        "2023",
        "31",
        "ASAP",
        "August 2022 or so",
        "August 2022 (tbc)",
        "approx August 2022",
        "August 2022 August 2022",
        "mid August 2022",
        "early 2024",
        "Monday",
        "tomorrow",
        "today",
        "August 2022!",
        "August 2022..",
        ".",
        "--",
        "/",
        "n/a 2022",
        "completed August 2022",
        "Completed 27 June",
        "٣١/٠٨/٢٠٢٤",  # digits from another script
    ],
)
def test_text_that_is_not_understood_is_never_guessed(text: str) -> None:
    message = rejected(text, today=D(2022, 7, 20))
    assert message.startswith(f"“{text}” is not a date or timing I understand")
    assert message.endswith(ACCEPTED_FORMS)


def test_the_error_quotes_the_text_as_written() -> None:
    message = rejected("  Soonish, we hope  ")
    assert "“Soonish, we hope”" in message


def test_a_long_text_is_shortened_in_the_error() -> None:
    text = "the MPS will report back on this once the review has concluded, probably in the autumn"
    message = rejected(text)
    assert text not in message
    assert "“the MPS will report back on this" in message
    assert "…”" in message


def test_timing_errors_are_invalid_input_for_the_user() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_timing("soonish")
    assert isinstance(caught.value, BotError)
    assert isinstance(caught.value, TimingError)


# Normalisation and the raw text


@pytest.mark.parametrize(
    "text",
    [
        '"August 2022"',
        "'August 2022'",
        "“August 2022”",
        "‘August 2022’",
        "”August 2022”",
        "  August   2022  ",
        "August\t2022",
        "August\u00a02022",
        "August 2022.",
        "aUgUsT 2022",
        '" August 2022 "',
    ],
)
def test_quotes_whitespace_case_and_a_final_full_stop_do_not_matter(text: str) -> None:
    assert window(text) == (D(2022, 8, 1), D(2022, 8, 31), G.MONTH)


@pytest.mark.parametrize(
    "text", ['"August 2022', "August 2022'", "“August 2022\"", "''August 2022''"]
)
def test_unbalanced_or_doubled_quotes_are_rejected(text: str) -> None:
    rejected(text)


@pytest.mark.parametrize(
    ("text", "description"),
    [
        ('"Completed"', "completed"),
        ("“TBC”", "no deadline"),
        ('""', "no deadline"),
        ("“ongoing”", "no deadline"),
        ("'next meeting'", "due 14 October 2022"),
    ],
)
def test_quotes_are_stripped_around_keywords_too(text: str, description: str) -> None:
    assert parse_timing(text, next_meeting=D(2022, 10, 14)).describe() == description


@pytest.mark.parametrize(
    ("text", "raw"),
    [
        ("  August/Sept 2022 ", "August/Sept 2022"),
        ("“Completed”", "“Completed”"),
        ("By  1 December 2023", "By  1 December 2023"),
        (None, ""),
        ("\n", ""),
    ],
)
def test_the_raw_text_is_kept_as_written_without_surrounding_whitespace(
    text: str | None, raw: str
) -> None:
    assert parse_timing(text, next_meeting=D(2022, 10, 14)).raw == raw


# Deadline


def test_due_is_the_end_of_the_window() -> None:
    deadline = parse_timing("August/Sept 2022")
    assert deadline.due == deadline.end == D(2022, 9, 30)


def test_deadlines_are_frozen_and_comparable() -> None:
    deadline = parse_timing("Q3 2023")
    with pytest.raises(dataclasses.FrozenInstanceError):
        deadline.end = D(2024, 1, 1)  # type: ignore[misc]
    assert deadline == Deadline("Q3 2023", D(2023, 7, 1), D(2023, 9, 30), G.QUARTER)


@pytest.mark.parametrize(
    ("text", "description"),
    [
        ("31/08/2022", "due 31 August 2022"),
        ("1st December 2023", "due 1 December 2023"),
        ("August 2022", "due 31 August 2022 (August 2022)"),
        ("August/Sept 2022", "due 30 September 2022 (August–September 2022)"),
        ("Dec/Jan 2023", "due 31 January 2023 (December 2022 – January 2023)"),
        ("Aug/Aug 2022", "due 31 August 2022 (August 2022)"),
        ("Q3 2023", "due 30 September 2023 (Q3 2023)"),
        ("2023 Q1", "due 31 March 2023 (Q1 2023)"),
        ("Completed", "completed"),
        ("TBC", "no deadline"),
        (None, "no deadline"),
    ],
)
def test_describe_gives_a_short_human_description(text: str | None, description: str) -> None:
    assert parse_timing(text).describe() == description


@pytest.mark.parametrize(
    "fields",
    [
        (D(2022, 8, 1), None, G.MONTH, False),
        (None, D(2022, 8, 1), G.DAY, False),
        (D(2022, 9, 1), D(2022, 8, 1), G.RANGE, False),
        (D(2022, 8, 1), D(2022, 8, 1), G.DAY, True),
        (D(2022, 8, 1), D(2022, 8, 1), G.NONE, False),
        (None, D(2022, 8, 1), G.NONE, True),
    ],
)
def test_an_inconsistent_deadline_cannot_be_built(
    fields: tuple[date | None, date | None, Granularity, bool],
) -> None:
    start, end, granularity, completed = fields
    with pytest.raises(ValueError):
        Deadline("x", start, end, granularity, completed)


# format_date


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (D(2022, 8, 31), "31 August 2022"),
        (D(2023, 12, 1), "1 December 2023"),
        (D(2024, 2, 9), "9 February 2024"),
        (D(1990, 1, 1), "1 January 1990"),
    ],
)
def test_format_date_writes_the_day_without_a_leading_zero(day: date, text: str) -> None:
    assert format_date(day) == text


# The help text


@pytest.mark.parametrize(
    "example",
    [
        "31 August 2024",
        "1st December 2023",
        "August 31, 2024",
        "31/08/2024",
        "2024-08-31",
        "August 2022",
        "Sept 2022",
        "end of March 2023",
        "August/Sept 2022",
        "Nov 2022 - Jan 2023",
        "Q3 2023",
        "by 1 December 2023",
        "before 31 May 2024",
        "no later than 31 May 2024",
        "next meeting",
        "Completed",
        "Ongoing",
        "TBC",
        "n/a",
    ],
)
def test_every_example_in_the_help_is_accepted(example: str) -> None:
    assert example in ACCEPTED_FORMS
    parse_timing(example, next_meeting=D(2024, 1, 1))


def test_accepted_forms_is_a_short_list() -> None:
    lines = ACCEPTED_FORMS.splitlines()
    assert 3 <= len(lines) <= 10
    assert all(len(line) <= 100 for line in lines)


# Properties

days = st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 12, 31))


@given(days)
def test_a_formatted_date_reads_back_as_the_same_day(day: date) -> None:
    assert window(format_date(day)) == (day, day, G.DAY)


@given(days)
def test_numeric_and_iso_dates_read_back_as_the_same_day(day: date) -> None:
    assert parse_timing(f"{day:%d/%m/%Y}").due == day
    assert parse_timing(f"{day.day}.{day.month}.{day.year}").due == day
    assert parse_timing(day.isoformat()).due == day


@given(days)
def test_a_month_window_covers_the_whole_month(day: date) -> None:
    deadline = parse_timing(f"by end of {MONTH_NAMES[day.month - 1]} {day.year}")
    assert deadline.start is not None and deadline.end is not None
    assert deadline.start == day.replace(day=1)
    assert deadline.start <= day <= deadline.end
    assert (deadline.end.year, deadline.end.month) == (day.year, day.month)
    assert deadline.end.day in (28, 29, 30, 31)


@given(days, days)
def test_a_month_without_a_year_is_never_in_the_past(day: date, today: date) -> None:
    deadline = parse_timing(MONTH_NAMES[day.month - 1][:3], today=today)
    assert deadline.end is not None and deadline.end >= today
    assert (deadline.end - today).days < 366


@given(st.text(max_size=40))
def test_any_text_gives_a_deadline_or_a_timing_error(text: str) -> None:
    try:
        deadline = parse_timing(text, today=D(2024, 6, 15))
    except TimingError as error:
        assert error.user_message
    else:
        assert deadline.raw == text.strip()
