"""Uploads: Word documents, encodings, and the files the bot must refuse with a clear message."""

from __future__ import annotations

import codecs
import io
import zipfile
from datetime import date

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.errors import InvalidInput
from bot.imports.drafts import ImportFileError
from bot.imports.parse import parse_file, parse_text
from tests.imports.lead_reading import leads_of

ANNEX_ROWS = [
    ["No.", "Action", "Timing", "Lead"],
    [
        "1",
        "MPS to complete evaluation of engagement work in Croydon. "
        "For discussion at the DMPC-AC Professionalism meeting in October.",
        "October 2022",
        "MPS",
    ],
    [
        "2",
        "MPS and MOPAC to work together to align their reviews of community engagement.",
        "",
        "MPS and MOPAC",
    ],
    ["3", "MPS undertook to provide MOPAC with their SSO report by 27 June.", "Completed", "MPS"],
]


def add_table(document, rows):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    return table


def docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def annex_letter():
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Our ref: MOPAC14072022-D4220"
    document.add_paragraph("20 July 2022")
    document.add_paragraph("Dear Steve")
    document.add_paragraph(
        "This letter follows up on the Oversight Board meeting we held on 24 June."
    )
    add_table(document, [["Name", "Email"], ["Board secretary", "secretary@example.org"]])
    document.add_paragraph("Annex A")
    return document


def test_docx_reads_the_action_table_and_ignores_a_contact_table():
    document = annex_letter()
    add_table(document, ANNEX_ROWS)
    parsed = parse_file(docx_bytes(document), "letter.docx")
    assert parsed.kind == "table"
    assert [(r.number, r.timing, leads_of(r)) for r in parsed.rows] == [
        ("1", "October 2022", ["MPS"]),
        ("2", "", ["MPS", "MOPAC"]),
        ("3", "Completed", ["MPS"]),
    ]
    assert (
        parsed.rows[0].forum == "For discussion at the DMPC-AC Professionalism meeting in October"
    )
    assert [r.line for r in parsed.rows] == [2, 3, 4]
    assert parsed.problems == []
    assert parsed.source_ref == "MOPAC14072022-D4220"  # from the page header
    assert (parsed.letter_date, parsed.meeting_date) == (date(2022, 7, 20), date(2022, 6, 24))


def test_docx_cell_with_several_paragraphs_is_one_action():
    document = docx.Document()
    table = add_table(document, ANNEX_ROWS[:2])
    table.cell(1, 1).add_paragraph("The paper to also set out the impact.")
    parsed = parse_file(docx_bytes(document), "annex.docx")
    assert parsed.rows[0].description.endswith("in October. The paper to also set out the impact.")


def test_docx_rows_from_two_action_tables_and_problems_name_their_table():
    document = docx.Document()
    add_table(document, ANNEX_ROWS[:2])
    add_table(
        document,
        [["Ref", "Description", "Owner"], ["A1", "", "MOPAC"], ["A2", "Publish minutes.", "MOPAC"]],
    )
    parsed = parse_file(docx_bytes(document), "annex.docx")
    assert [r.number for r in parsed.rows] == ["1", "A2"]
    assert [(p.line, p.text) for p in parsed.problems] == [(2, "A1 | | MOPAC")]
    assert parsed.problems[0].reason.startswith("In table 2, this row has no action text")


def test_docx_headerless_annex_table():
    document = docx.Document()
    add_table(document, ANNEX_ROWS[1:])
    parsed = parse_file(docx_bytes(document), "annex.docx")
    assert [r.number for r in parsed.rows] == ["1", "2", "3"]


def test_docx_cell_merged_across_the_row_is_read_once():
    document = docx.Document()
    table = add_table(
        document, [*ANNEX_ROWS[:2], ["Frontline Policing", "", "", ""], *ANNEX_ROWS[2:]]
    )
    table.cell(2, 0).merge(table.cell(2, 3))
    parsed = parse_file(docx_bytes(document), "annex.docx")
    assert [r.number for r in parsed.rows] == ["1", "2", "3"]
    # a section heading inside the table is shown to the user, once, rather than dropped
    assert [(p.line, p.text) for p in parsed.problems] == [(3, "Frontline Policing")]


def test_docx_with_recommendation_paragraphs():
    document = docx.Document()
    document.add_paragraph("5 March 2024")
    document.add_paragraph("Recommendation - By 1 December 2023, chief constables should act.")
    document.add_paragraph("The MPS are progressing this.")
    parsed = parse_file(docx_bytes(document), "letter.docx")
    assert parsed.kind == "recommendations"
    assert [(r.number, r.timing) for r in parsed.rows] == [("R1", "By 1 December 2023")]
    assert parsed.rows[0].description == "By 1 December 2023, chief constables should act."


def test_docx_recommendation_keeps_the_word_bullet_list_it_introduces():
    document = docx.Document()
    document.add_paragraph(
        "Recommendation: By 31 August 2024, forces should produce a report. This will help to:"
    )
    document.add_paragraph("understand the pattern of death reports; and", style="List Bullet")
    document.add_paragraph("identify any linked series of death reports.", style="List Bullet")
    document.add_paragraph("The MPS are progressing this action.")
    parsed = parse_file(docx_bytes(document), "letter.docx")
    assert parsed.rows[0].description == (
        "By 31 August 2024, forces should produce a report. This will help to: "
        "understand the pattern of death reports; and identify any linked series of death reports."
    )


def test_docx_with_only_a_contact_table_has_no_actions():
    document = docx.Document()
    document.add_paragraph("Thank you for your letter.")
    add_table(document, [["Name", "Email", "Phone"], ["Sophie", "s@example.org", "020 7983 4000"]])
    parsed = parse_file(docx_bytes(document), "letter.docx")
    assert (parsed.kind, parsed.rows) == ("none", [])


def test_file_type_comes_from_content_not_name():
    document = docx.Document()
    add_table(document, ANNEX_ROWS)
    assert len(parse_file(docx_bytes(document), "annex.txt").rows) == 3


def test_text_file_goes_through_the_text_reader():
    data = b"No.\tAction\tTiming\tLead\n1\tDo it.\tMay\tMPS\n"
    assert [r.description for r in parse_file(data, "annex.txt").rows] == ["Do it."]


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + "No.\tAction\tTiming\tLead\r\n1\tReview – café\tMay\tMPS\r\n".encode(),
        "No.\tAction\tTiming\tLead\r\n1\tReview – café\tMay\tMPS\r\n".encode("cp1252"),
        codecs.BOM_UTF16_LE
        + "No.\tAction\tTiming\tLead\r\n1\tReview – café\tMay\tMPS\r\n".encode("utf-16-le"),
    ],
    ids=["utf8-bom", "cp1252", "utf16"],
)
def test_text_encodings(data):
    parsed = parse_file(data, "annex.txt")
    assert [(r.description, leads_of(r)) for r in parsed.rows] == [("Review – café", ["MPS"])]


def refusal(data: bytes, filename: str, **kwargs) -> str:
    with pytest.raises(ImportFileError) as caught:
        parse_file(data, filename, **kwargs)
    message = caught.value.user_message
    assert "I can import a Word document (.docx)" in message  # every refusal says what works
    return message


def test_import_file_error_is_invalid_input():
    assert issubclass(ImportFileError, InvalidInput)


@pytest.mark.parametrize("data", [b"", b"  \r\n\n\t\n"])
def test_empty_file_is_refused(data):
    assert refusal(data, "annex.txt").startswith("The file is empty.")


def test_too_large_file_is_refused_and_the_limit_is_given():
    message = refusal(b"x" * 5_000_001, "annex.txt")
    assert message.startswith("This file is larger than 5 MB, the largest file I can import.")
    assert "larger than 2 KB" in refusal(b"x" * 2_500, "annex.txt", max_bytes=2_000)
    assert parse_file(
        b"Action\tLead\nDo it.\tMPS\n", "a.txt", max_bytes=23
    ).rows  # exactly at the limit


@pytest.mark.parametrize(
    ("data", "filename", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "scan.png", "image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "photo.txt", "image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "letter.pdf", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "letter.doc", ".docx"),
        (b"No.\tAction\x00\x00\x01\x02", "annex.txt", "not text"),
        (bytes(range(1, 32)) * 20, "annex.txt", "not text"),
    ],
)
def test_binary_files_are_refused(data, filename, expected):
    assert expected in refusal(data, filename)


def test_text_with_tabs_page_breaks_and_a_stray_control_character_is_read():
    # Letters pasted from Word carry page breaks (form feeds) and now and then a stray control
    # character; only a file that is mostly control characters is refused as not text.
    text = (
        "No.\tAction\tLead\r\n1\tReport to the board.\x07\tMPS\r\n"
        "\f2\tBrief the panel.\x0b\tMOPAC\n"
    )
    rows = parse_file(text.encode(), "annex.txt").rows
    assert [row.lead for row in rows] == ["MPS", "MOPAC"]
    many = "".join(f"{n}\tDo {n}.\x1f\tMPS\n" for n in range(1, 40))
    assert "not text" in refusal(("No.\tAction\tLead\n" + many).encode(), "annex.txt")


def test_broken_docx_is_refused():
    whole = docx_bytes(annex_letter())
    assert "damaged" in refusal(whole[: len(whole) // 2], "letter.docx")
    assert "damaged" in refusal(b"PK\x03\x04 not really a zip", "letter.docx")
    assert "damaged" in refusal(b"Just some text", "letter.docx")


def test_zip_that_is_not_a_word_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    assert "damaged or is not a .docx" in refusal(buffer.getvalue(), "notes.zip")
    assert "save the sheet as CSV" in refusal(buffer.getvalue(), "actions.xlsx")


def test_csv_without_a_heading_row_is_refused():
    message = refusal(b"1,Do it,May,MPS\n2,Do that,June,MOPAC\n", "actions.csv")
    assert "first row of this CSV file does not name the columns" in message


def test_text_without_actions_is_not_refused(fixture_bytes):
    parsed = parse_file(fixture_bytes("no_actions.txt"), "letter.txt")
    assert parsed.kind == "none"


PIECES = list('ab1 2.\t|,;\n-:*#"R\r\x0c') + [
    "No.",
    "Action",
    "Lead",
    "Recommendation",
    "By 1 May 2022",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
def test_any_text_is_either_read_or_refused_with_a_message(text):
    parsed = parse_text(text)
    assert parsed.kind in {"table", "recommendations", "none"}
    try:
        parse_file(text.encode(), "pasted.csv")
    except ImportFileError as error:
        assert error.user_message


def test_docx_cell_text_is_what_python_docx_reads():
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    from bot.imports.docx_reader import read_docx

    document = docx.Document()
    table = add_table(document, [["No.", "Action"], ["1", "a\tb\nc  "]])
    table.cell(1, 1).add_paragraph("second paragraph")
    table.cell(1, 0)._tc.append(
        parse_xml(
            f'<w:p {nsdecls("w", "r")}><w:r><w:t>x</w:t><w:br w:type="page"/><w:br/><w:cr/>'
            "<w:noBreakHyphen/><w:ptab/><w:tab/><w:delText>gone</w:delText></w:r>"
            '<w:hyperlink r:id="rId9"><w:r><w:t>link</w:t></w:r></w:hyperlink>'
            "<w:ins><w:r><w:t>inserted</w:t></w:r></w:ins><w:r><w:t/></w:r></w:p>"
        )
    )
    data = docx_bytes(document)
    expected = [
        [cell.text for cell in row.cells] for row in docx.Document(io.BytesIO(data)).tables[0].rows
    ]
    assert [cells for _, cells in read_docx(data).tables[0]] == expected
    assert expected[1][0] == "1\nx\n\n-\t\tlink"
