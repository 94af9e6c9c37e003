"""Tests for the deadline parser: What the parser refuses, how it keeps the raw text, the Deadline
it returns, the words it writes, and its properties."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.errors import BotError, InvalidInput
from bot.timing import (
    ACCEPTED_FORMS,
    MONTH_NAMES,
    Deadline,
    Granularity,
    TimingError,
    format_date,
    parse_timing,
)
from tests.timing.helpers import D, G, rejected, window

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
    "text", ['"August 2022', "August 2022'", '“August 2022"', "''August 2022''"]
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
