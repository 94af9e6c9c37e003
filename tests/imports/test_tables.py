"""Tables in every accepted layout: tab-separated, |-separated, CSV, headerless, with synonyms."""

from __future__ import annotations

from datetime import date

import pytest

from bot.imports.parse import parse_file, parse_text
from tests.imports.lead_reading import leads_of

HEADER = "No.\tAction\tTiming\tLead"


def numbers(parsed):
    return [row.number for row in parsed.rows]


def test_tsv_pasted_from_word_with_blank_line_and_wrapped_cells(fixture_bytes):
    parsed = parse_text(fixture_bytes("annex_pasted_from_word.txt").decode())
    assert parsed.kind == "table"
    assert numbers(parsed) == ["1", "2", "3", "4", "5", "6", "7"]
    assert parsed.problems == []
    rows = {row.number: row for row in parsed.rows}
    # a Word cell with a line break arrives as two lines; the row must come back whole
    assert rows["3"].description == (
        "MPS to provide the DMPC with a list of the schools which do not have "
        "a Safer Schools Officer in place and why."
    )
    assert (rows["3"].timing, leads_of(rows["3"])) == ("November 2022", ["MPS"])
    assert rows["7"].description.endswith("on satisfaction and confidence.")
    assert (rows["7"].timing, leads_of(rows["7"])) == ("January 2023", ["MPS", "MOPAC"])
    assert (rows["2"].timing, rows["4"].timing, rows["6"].timing) == (
        "August/Sept 2022",
        "",
        "Completed",
    )
    assert leads_of(rows["5"]) == ["MPS", "MOPAC"]
    assert (
        rows["1"].forum == "For discussion at the DMPC-AC Professionalism meeting in December 2022"
    )
    assert parsed.source_ref == "MOPAC02112022-D4301"
    assert (parsed.letter_date, parsed.meeting_date) == (date(2022, 11, 9), date(2022, 10, 28))


def test_line_numbers_point_at_the_source_lines():
    parsed = parse_text(
        f"Annex A\n\n{HEADER}\n1\tDo a.\tAugust 2022\tMPS\n\n2\tDo b.\tCompleted\tMPS\n"
    )
    assert [row.line for row in parsed.rows] == [4, 6]


def test_markdown_pipe_table(fixture_bytes):
    parsed = parse_file(fixture_bytes("annex_markdown.md"), "annex_markdown.md")
    assert parsed.kind == "table"
    assert numbers(parsed) == ["1", "2", "3", "4"]
    assert [row.timing for row in parsed.rows] == [
        "August 2022",
        "August/Sept 2022",
        "",
        "Completed",
    ]
    assert leads_of(parsed.rows[2]) == ["MPS", "MOPAC"]
    assert (
        parsed.rows[0].forum
        == "For discussion at the next DMPC-Chief of Corporate Services meeting"
    )
    assert parsed.problems == []


def test_pipe_table_without_outer_pipes_and_with_bold_headings():
    parsed = parse_text(
        "**No.** | **Action** | **Lead**\n--- | --- | ---\n1 | Share the plan. | MOPAC\n"
    )
    assert [(r.number, r.description, leads_of(r)) for r in parsed.rows] == [
        ("1", "Share the plan.", ["MOPAC"])
    ]


def test_csv_with_commas_quotes_and_a_cell_over_two_lines(fixture_bytes):
    parsed = parse_file(fixture_bytes("annex_comma.csv"), "annex_comma.csv")
    assert parsed.kind == "table"
    assert numbers(parsed) == ["1", "2", "3", "4"]
    assert parsed.rows[0].description.endswith("including a breakdown across Business Groups.")
    assert parsed.rows[2].description == (
        "MPS to provide a paper on pan-London engagement themes. "
        "The paper to also set out how the MPS assures itself of the impact of its engagement."
    )
    assert leads_of(parsed.rows[3]) == ["MPS", "MOPAC"]
    assert [row.line for row in parsed.rows] == [2, 3, 4, 6]
    assert parsed.problems == []  # the trailing ",,," row is empty, not a problem


def test_csv_with_semicolons_bom_and_a_title_row(fixture_bytes):
    parsed = parse_file(fixture_bytes("annex_semicolon_bom.csv"), "annex_semicolon_bom.csv")
    assert numbers(parsed) == ["1", "2", "3"]
    assert parsed.rows[0].description == (
        "MPS to review the ways of working for Safer Schools Officers – including training"
    )
    assert (
        parsed.rows[1].description
        == "MPS to provide data on handcuffing, stop and search and use of force"
    )
    assert leads_of(parsed.rows[1]) == ["MPS", "MOPAC"]
    assert parsed.rows[2].timing == "Completed"


def test_csv_saved_by_windows_excel_in_cp1252():
    data = (
        "Action;Due date;Owner\nReview the café contract – urgently;31 March 2023;MOPAC\n".encode(
            "cp1252"
        )
    )
    parsed = parse_file(data, "actions.csv")
    assert parsed.rows[0].description == "Review the café contract – urgently"
    assert (parsed.rows[0].number, parsed.rows[0].timing) == (None, "31 March 2023")


def test_csv_pasted_as_text_is_recognised_by_its_heading_row():
    parsed = parse_text(
        'No.,Action,Timing,Lead\n1,"Brief the board, in writing.",August 2022,MPS and MOPAC\n'
    )
    assert parsed.kind == "table"
    assert [(r.description, leads_of(r)) for r in parsed.rows] == [
        ("Brief the board, in writing.", ["MPS", "MOPAC"])
    ]


@pytest.mark.parametrize(
    "prose",
    [
        "Action, timing and lead were agreed for each item, as set out below.\nThank you.",
        "Actions; as agreed; are below, with the timing of each.",
        "Action\n\nWe will write again, with dates, next month.",
    ],
)
def test_prose_with_commas_is_not_taken_for_csv(prose):
    assert parse_text(prose).kind == "none"


def test_headerless_four_column_rows_use_the_annex_order(fixture_bytes):
    parsed = parse_text(fixture_bytes("annex_headerless.tsv").decode())
    assert parsed.kind == "table"
    assert [(r.number, r.timing, leads_of(r)) for r in parsed.rows] == [
        ("1", "October 2022", ["MPS"]),
        ("2", "August 2022", ["MPS"]),
        ("3", "", ["MPS", "MOPAC"]),
        ("4", "Completed", ["MPS"]),
    ]


def test_tab_separated_lines_without_headings_that_are_not_annex_rows_are_ignored():
    parsed = parse_text("Tel:\t020 7983 4000\nEmail:\tenquiries@example.org\n")
    assert parsed.kind == "none"


def test_synonyms_and_status_column(fixture_bytes):
    parsed = parse_text(fixture_bytes("tracker_status_synonyms.tsv").decode())
    assert [(r.number, r.timing, leads_of(r), r.status) for r in parsed.rows] == [
        ("A1", "30 September 2022", ["MOPAC Oversight Team"], "Completed"),
        ("A2", "Next board", ["MPS", "VRU"], "In progress"),
        ("A3", "December 2022", ["DARA"], ""),
    ]
    assert parsed.rows[0].description == "MOPAC to publish the board's terms of reference."


@pytest.mark.parametrize(
    "header",
    [
        "#\tActions\tBy when?\tResponsible",
        "ITEM\tDESCRIPTION\tDUE\tLEAD OFFICER",
        "Number:\tAction agreed:\tDate:\tLeads:",
        "Ref\tAction\tDue date\tOwner\tProgress",
    ],
)
def test_heading_synonyms_are_case_and_punctuation_insensitive(header):
    parsed = parse_text(f"{header}\n7\tSend the note.\tMay 2023\tMPS\n")
    assert [(r.number, r.description, r.timing, leads_of(r)) for r in parsed.rows] == [
        ("7", "Send the note.", "May 2023", ["MPS"])
    ]


def test_table_without_number_column_has_no_numbers():
    parsed = parse_text("Action\tLead\nSend the note.\tMPS & MOPAC\n")
    assert [(r.number, leads_of(r), r.timing, r.status) for r in parsed.rows] == [
        (None, ["MPS", "MOPAC"], "", None)
    ]


def test_table_needs_an_action_column():
    parsed = parse_text("No.\tTiming\tLead\n1\tAugust 2022\tMPS\n")
    assert parsed.kind == "none"


@pytest.mark.parametrize(
    ("cell", "leads"),
    [
        ("MPS and MOPAC", ["MPS", "MOPAC"]),
        ("MPS & MOPAC", ["MPS", "MOPAC"]),
        ("MPS/MOPAC/VRU", ["MPS", "MOPAC", "VRU"]),
        ("MPS, MOPAC and DARA", ["MPS", "MOPAC", "DARA"]),
        ("MPS AND MPS", ["MPS"]),
        ("", []),
    ],
)
def test_leads_are_split_on_and_ampersand_slash_and_comma(cell, leads):
    parsed = parse_text(f"{HEADER}\n1\tDo it.\tAugust 2022\t{cell}\n")
    assert leads_of(parsed.rows[0]) == leads


def test_rows_that_cannot_be_read_are_reported_not_dropped(fixture_bytes):
    parsed = parse_text(fixture_bytes("annex_with_problems.tsv").decode())
    assert numbers(parsed) == ["1", "4", "5"]
    problems = {p.line: p for p in parsed.problems}
    assert sorted(problems) == [3, 4, 6]
    assert "no action text" in problems[3].reason
    assert "6 cells but the table has 4 columns" in problems[4].reason
    assert problems[4].text.startswith("3 | MPS to provide data on handcuffing.")
    assert problems[6].text == "Page 2 of 2"
    assert "no tabs" in problems[6].reason and "row 4" in problems[6].reason


def test_empty_trailing_cells_are_not_extra_columns():
    parsed = parse_text(f"{HEADER}\n1\tDo it.\tAugust 2022\tMPS\t\t\n")
    assert parsed.problems == [] and leads_of(parsed.rows[0]) == ["MPS"]


def test_plain_line_carrying_on_a_sentence_is_joined_to_the_action():
    parsed = parse_text(
        f"{HEADER}\n5\tThe MPS undertook to remind BCU Commanders that DWO posts must be\t\tMPS\n"
        "filled and not abstracted.\n6\tNext.\tAugust 2022\tMPS\n"
    )
    assert parsed.rows[0].description == (
        "The MPS undertook to remind BCU Commanders that DWO posts must be filled and not "
        "abstracted."
    )
    assert numbers(parsed) == ["5", "6"] and parsed.problems == []


def test_plain_line_after_a_complete_row_is_a_problem_when_it_may_belong_elsewhere():
    parsed = parse_text(f"{HEADER}\n1\tMPS to brief the board.\tAugust 2022\tMPS and\nMOPAC\n")
    assert parsed.rows[0].description == "MPS to brief the board."
    assert [(p.line, p.text) for p in parsed.problems] == [(3, "MOPAC")]


def test_row_broken_over_lines_in_the_action_cell_is_rejoined():
    text = (
        f"{HEADER}\n1\tMPS to provide\na list of schools\nand why.\tAugust 2022\tMPS\n"
        "2\tNext.\t\tMOPAC\n"
    )
    parsed = parse_text(text)
    assert [(r.number, r.description, r.timing, leads_of(r)) for r in parsed.rows] == [
        ("1", "MPS to provide a list of schools and why.", "August 2022", ["MPS"]),
        ("2", "Next.", "", ["MOPAC"]),
    ]


def test_short_row_followed_by_a_numbered_row_is_not_merged_into_it():
    parsed = parse_text(f"{HEADER}\n1\tMPS to brief the board.\n2\tMOPAC to reply.\tMay\tMOPAC\n")
    assert [(r.number, r.description, r.timing) for r in parsed.rows] == [
        ("1", "MPS to brief the board.", ""),
        ("2", "MOPAC to reply.", "May"),
    ]


@pytest.mark.parametrize(
    "stray", ["Sophie Linden\tDeputy Mayor for Policing and Crime", "Signed:\tS. Linden"]
)
def test_text_in_the_number_column_is_a_problem(stray):
    parsed = parse_text(f"{HEADER}\n1\tDo it.\tMay 2023\tMPS\n\n{stray}\n")
    assert numbers(parsed) == ["1"]
    assert [p.line for p in parsed.problems] == [4]
    assert "is not an action number" in parsed.problems[0].reason


@pytest.mark.parametrize("number", ["12", "3a", "A1", "2.3", "PR-07", "b", "iv"])
def test_action_numbers_in_other_styles_are_kept(number):
    parsed = parse_text(f"{HEADER}\n{number}\tDo it.\tMay 2023\tMPS\n")
    assert numbers(parsed) == [number] and parsed.problems == []


def test_two_tables_in_one_text_are_both_read():
    text = (
        f"Annex A\n\n{HEADER}\n1\tDo a.\tMay\tMPS\n\nNotes follow.\n\n"
        "| Action | Owner |\n|---|---|\n| Do b. | VRU |\n"
    )
    parsed = parse_text(text)
    assert [(r.number, r.description) for r in parsed.rows] == [("1", "Do a."), (None, "Do b.")]


def test_table_with_headings_only_says_so():
    parsed = parse_text(f"{HEADER}\n")
    assert (parsed.kind, parsed.rows) == ("table", [])
    assert parsed.summary() == "No actions found: the table has column headings but no rows."


def test_long_problem_text_is_truncated():
    parsed = parse_text(f"{HEADER}\n1\t\t{'x' * 300}\tMPS\n")
    assert len(parsed.problems[0].text) <= 120
    assert parsed.problems[0].text.endswith("…")
