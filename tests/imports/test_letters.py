"""Letter facts (reference, date, meeting date) and "Recommendation" paragraphs."""

from __future__ import annotations

from datetime import date

import pytest

from bot.imports.parse import parse_text


@pytest.mark.parametrize(
    ("line", "ref"),
    [
        ("Our ref: MOPAC14072022-D4220", "MOPAC14072022-D4220"),
        ("**Our ref:** MOPAC200623-D4626", "MOPAC200623-D4626"),
        ("Our reference: ABC/2022/17.", "ABC/2022/17"),
        ("Your ref: HO-1\tOur ref. MOPAC-99", "MOPAC-99"),
    ],
)
def test_our_reference_is_read(line, ref):
    assert parse_text(f"{line}\n\n1 May 2023\n\nDear Sir,\n").source_ref == ref


def test_prose_about_our_reference_group_is_not_a_reference():
    assert parse_text("Dear Sir,\n\nOur reference group met twice.\n").source_ref is None


def test_bare_reference_under_the_date_counts_but_not_after_the_greeting():
    assert (
        parse_text("28 May 2019\n\nMOPAC080519-D2683\n\nDear Home Secretary,\n").source_ref
        == "MOPAC080519-D2683"
    )
    assert parse_text("Dear Home Secretary,\n\nMOPAC080519-D2683\n").source_ref is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("20 July 2022", date(2022, 7, 20)),
        ("**5th March 2024**", date(2024, 3, 5)),
        ("Wednesday 20 July 2022", date(2022, 7, 20)),
        ("July 20, 2022", date(2022, 7, 20)),
        ("1 Sept 2022", date(2022, 9, 1)),
    ],
)
def test_letter_date_is_a_line_holding_only_a_date(line, expected):
    assert parse_text(f"Our ref: X-1\n\n{line}\n\nDear Steve\n").letter_date == expected


def test_dates_inside_sentences_and_impossible_dates_are_not_the_letter_date():
    parsed = parse_text(
        "The report was published on 22 September 2022.\n\n31 February 2022\n\nAugust 2022\n"
    )
    assert parsed.letter_date is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("This follows the meeting we held on 24 June.", date(2022, 6, 24)),
        ("At the meeting on 24 June 2021 we agreed three actions.", date(2021, 6, 24)),
        ("Thank you for the meeting held on Friday 24th June.", date(2022, 6, 24)),
        # a meeting after the letter's date without a year must be last year's
        ("This follows the meeting held on 15 December.", date(2021, 12, 15)),
    ],
)
def test_meeting_date_takes_its_year_from_the_letter(sentence, expected):
    assert parse_text(f"20 July 2022\n\nDear Steve\n\n{sentence}\n").meeting_date == expected


def test_meeting_without_a_day_or_without_a_letter_year_has_no_date():
    assert (
        parse_text("20 July 2022\n\nWe will discuss this when we meet in October.\n").meeting_date
        is None
    )
    assert parse_text("This follows the meeting we held on 24 June.\n").meeting_date is None


def test_numbered_recommendations_with_headings_inline_labels_and_immediate_effect(fixture_bytes):
    parsed = parse_text(fixture_bytes("recommendations_numbered.txt").decode())
    assert parsed.kind == "recommendations"
    assert [(r.number, r.timing) for r in parsed.rows] == [
        ("R1", "By 31 October 2024"),
        ("R2", "By 30 April 2025"),
        ("R3", "With immediate effect"),
    ]
    assert parsed.rows[0].description == (
        "By 31 October 2024, chief constables should make sure their vetting units are "
        "adequately resourced."
    )
    assert parsed.rows[0].line == 9
    assert parsed.source_ref == "MOPAC010524-D5012"
    assert parsed.letter_date == date(2024, 5, 2)
    assert (parsed.kind, len(parsed.rows), parsed.problems) == ("recommendations", 3, [])


def test_recommendation_without_a_deadline_has_blank_timing():
    parsed = parse_text("Recommendation: Forces should publish their vetting figures.\n")
    assert [(r.number, r.timing, r.description) for r in parsed.rows] == [
        ("R1", "", "Forces should publish their vetting figures.")
    ]


def test_recommendation_deadline_later_in_the_sentence_is_found():
    parsed = parse_text(
        "Recommendation - Chief constables should, by March 2025, review their policies.\n"
    )
    assert parsed.rows[0].timing == "by March 2025"


def test_recommendation_wrapped_over_several_lines_is_one_paragraph():
    parsed = parse_text(
        "Recommendation - By 1 December 2023, chief constables\nshould make sure\nof it.\n\nOther."
    )
    assert (
        parsed.rows[0].description == "By 1 December 2023, chief constables should make sure of it."
    )


def test_recommendation_heading_with_no_text_is_a_problem():
    parsed = parse_text("Some text.\n\nRecommendation 4\n")
    assert parsed.kind == "recommendations" and parsed.rows == []
    assert [(p.line, p.text) for p in parsed.problems] == [(3, "R4")]


@pytest.mark.parametrize(
    "paragraph",
    [
        "The report detailed two recommendations requiring immediate response from the MPS.",
        "The new recommendation identified in the report was to improve the quality of "
        "investigations.",
        "Recommendations from this inspection will be reviewed by 1 December 2023.",
        "We have committed to review the recommendations from this inspection at a meeting in "
        "the new year.",
    ],
)
def test_prose_that_mentions_recommendations_is_not_a_recommendation(paragraph):
    assert parse_text(f"Dear James,\n\n{paragraph}\n").kind == "none"


def test_text_with_no_actions_is_not_an_error(fixture_bytes):
    parsed = parse_text(fixture_bytes("no_actions.txt").decode())
    assert (parsed.kind, parsed.rows, parsed.problems) == ("none", [], [])
    assert parsed.summary().startswith("No actions found:")
    # the letter's facts are still read, so the caller can say which letter had nothing in it
    assert parsed.source_ref == "MOPAC151122-D4400"
    assert (parsed.letter_date, parsed.meeting_date) == (date(2022, 11, 15), date(2022, 11, 4))


def test_a_table_takes_precedence_over_recommendation_paragraphs():
    text = "Recommendation: By May 2024, do x.\n\nNo.\tAction\tTiming\tLead\n1\tDo y.\tMay\tMPS\n"
    parsed = parse_text(text)
    assert parsed.kind == "table" and [r.description for r in parsed.rows] == ["Do y."]
