"""The real letters in ../shared/samples: what a secretary importing each one would get."""

from __future__ import annotations

from datetime import date

import pytest

from bot.imports.parse import parse_file, parse_text
from tests.imports.lead_reading import leads_of

ANNEX = "letter-2022-07-20-oversight-board-annex-a.txt"
HOMICIDE = "letter-2024-03-05-homicide-prevention-recommendations.txt"


@pytest.fixture
def annex(sample_bytes):
    return parse_file(sample_bytes(ANNEX), ANNEX)


def test_annex_a_yields_all_fifteen_actions_in_order(annex):
    assert annex.kind == "table"
    assert [row.number for row in annex.rows] == [str(n) for n in range(1, 16)]
    assert annex.problems == []


def test_annex_a_blank_line_between_rows_11_and_12_does_not_end_the_table(annex):
    by_number = {row.number: row for row in annex.rows}
    assert by_number["12"].description == (
        "MPS and MOPAC to work together to align their reviews of community engagement."
    )
    assert by_number["15"].description.startswith("Disproportionality in the misconduct process")


def test_annex_a_timings_are_kept_as_written(annex):
    timings = {row.number: row.timing for row in annex.rows}
    assert timings == {
        "1": "October 2022",
        "2": "August 2022",
        "3": "August 2022",
        "4": "October 2022",
        "5": "",
        "6": "August 2022",
        "7": "August 2022",
        "8": "August 2022",
        "9": "August/Sept 2022",
        "10": "August 2022",
        "11": "December 2022",
        "12": "",
        "13": "August 2022",
        "14": "Completed",
        "15": "",
    }


def test_annex_a_joint_leads_are_split(annex):
    leads = {row.number: leads_of(row) for row in annex.rows}
    assert leads["12"] == ["MPS", "MOPAC"]
    assert leads["15"] == ["MPS", "MOPAC"]
    assert all(leads[str(n)] == ["MPS"] for n in range(1, 12))


def test_annex_a_forum_is_the_for_discussion_sentence(annex):
    by_number = {row.number: row for row in annex.rows}
    assert (
        by_number["6"].forum
        == "For discussion at the DMPC-AC Frontline Policing meeting in August 2022"
    )
    assert by_number["6"].description.endswith(
        "For discussion at the DMPC-AC Frontline Policing meeting in August 2022."
    )
    assert (
        by_number["2"].forum
        == "For discussion at the next DMPC-Chief of Corporate Services meeting"
    )
    assert by_number["3"].forum is None
    assert by_number["15"].forum is None


def test_annex_a_letter_facts(annex):
    assert annex.source_ref == "MOPAC14072022-D4220"
    assert annex.letter_date == date(2022, 7, 20)
    # "the ... meeting we held on 24 June", not the separate meeting "on 19 July" mentioned after it
    assert annex.meeting_date == date(2022, 6, 24)


def test_annex_a_pasted_as_text_gives_the_same_rows(sample_bytes, annex):
    pasted = parse_text(sample_bytes(ANNEX).decode("utf-8"))
    assert pasted.rows == annex.rows


def test_homicide_letter_yields_its_two_dated_recommendations(sample_bytes):
    parsed = parse_file(sample_bytes(HOMICIDE), HOMICIDE)
    assert parsed.kind == "recommendations"
    assert [(r.number, r.timing) for r in parsed.rows] == [
        ("R1", "By 1 December 2023"),
        ("R2", "By 31 August 2024"),
    ]
    first, second = parsed.rows
    assert first.description.startswith("By 1 December 2023, chief constables should make sure")
    assert first.description.endswith("so that lessons can be learned more widely.")
    # the bullet list after "This will help the force to:" is part of the recommendation
    assert (
        "This will help the force to: better understand the pattern of death reports"
        in second.description
    )
    assert second.description.endswith("identify any linked series of death reports.")
    assert "**" not in second.description
    # the MPS's response paragraphs are commentary, not part of the recommendation
    assert "Specialist Crime Flex" not in second.description
    assert all(leads_of(row) == [] for row in parsed.rows)
    assert parsed.problems == []
    assert (parsed.source_ref, parsed.letter_date) == ("MOPAC300124-D4858", date(2024, 3, 5))


@pytest.mark.parametrize(
    ("name", "source_ref", "letter_date"),
    [
        ("letter-2019-05-28-child-protection.txt", "MOPAC080519-D2683", date(2019, 5, 28)),
        ("letter-2022-11-18-peel-inspection.txt", None, date(2022, 11, 18)),
        ("letter-2023-07-18-inspection-response.txt", "MOPAC200623-D4626", date(2023, 7, 18)),
    ],
)
def test_letters_that_only_mention_recommendations_yield_no_actions(
    sample_bytes, name, source_ref, letter_date
):
    parsed = parse_file(sample_bytes(name), name)
    assert parsed.kind == "none"
    assert parsed.rows == [] and parsed.problems == []
    assert parsed.summary().startswith("No actions found")
    assert parsed.source_ref == source_ref
    assert parsed.letter_date == letter_date
