"""The matters-arising summary as Markdown, CSV and Word files."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import docx
import pytest
from docx.enum.section import WD_ORIENT

from bot.errors import InvalidInput
from bot.summaries.docx_export import to_docx
from bot.summaries.exporters import (
    CSV_HEADER,
    FORMATS,
    export,
    to_csv,
    to_markdown,
)
from bot.summaries.model import (
    SECTION_TITLES,
    ActionItem,
    Section,
    Summary,
    SummaryInput,
    UpdateNote,
    build_summary,
)

BOARD = "Performance and Risk Oversight Board"
PREVIOUS = date(2022, 6, 24)
MEETING = date(2022, 10, 20)
TODAY = date(2022, 10, 10)
DOCX_HEADER = ["No.", "Action", "Timing", "Lead", "Status", "Latest update", "Id"]
PIPE_TEXT = "Compare stop | search data"
PING_TEXT = "<!channel> list of schools & why"


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, tzinfo=UTC)


def item(id: int, no: str | None, **fields: object) -> ActionItem:
    defaults: dict[str, object] = dict(
        origin_meeting=PREVIOUS,
        description=f"Action {id}",
        timing_raw="",
        due=None,
        leads=("MPS",),
        status="open",
        forum=None,
        closed_at=None,
        latest_note=None,
    )
    defaults.update(fields)
    return ActionItem(id=id, item_no=no, **defaults)  # type: ignore[arg-type]


def sample_items() -> tuple[ActionItem, ...]:
    august = date(2022, 8, 31)
    return (
        item(
            12,
            "3",
            description=PING_TEXT,
            timing_raw="August 2022",
            due=august,
            latest_note=UpdateNote(at(date(2022, 9, 12)), "Jo Bloggs", "Draft | list sent"),
        ),
        item(13, "13", description=PIPE_TEXT, timing_raw="August 2022", due=august),
        item(
            11,
            "1",
            description="Share Croydon evaluation",
            timing_raw="October 2022",
            due=date(2022, 10, 31),
            due_from=date(2022, 10, 1),
        ),
        item(
            14,
            "14",
            description="Provide SSO report",
            timing_raw="Completed",
            status="done",
            closed_at=at(date(2022, 6, 27)),
            latest_note=UpdateNote(at(date(2022, 6, 27)), "Sam", "Report provided"),
        ),
        item(
            15,
            "11",
            description="Paper on pan-London themes",
            timing_raw="December 2022",
            due=date(2022, 12, 31),
            due_from=date(2022, 12, 1),
        ),
        item(16, "12", description="Align reviews\nof engagement", leads=("MPS", "MOPAC")),
        item(17, None, description='=HYPERLINK("http://x")', due=date(2022, 9, 30)),
    )


@pytest.fixture
def summary() -> Summary:
    return build_summary(
        SummaryInput(
            board_name=BOARD,
            board_short_name="PROB",
            meeting=MEETING,
            previous_meeting=PREVIOUS,
            today=TODAY,
            items=sample_items(),
        )
    )


def nonempty_sections(summary: Summary) -> list[Section]:
    return [section for section, lines in summary.sections.items() if lines]


# export()


@pytest.mark.parametrize(
    ("fmt", "mimetype"),
    [
        ("md", "text/markdown; charset=utf-8"),
        ("csv", "text/csv; charset=utf-8"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_export_names_the_file_after_board_and_meeting(
    summary: Summary, fmt: str, mimetype: str
) -> None:
    content, filename, type_ = export(summary, fmt)
    assert filename == f"matters-arising-prob-2022-10-20.{fmt}"
    assert type_ == mimetype
    assert content
    assert fmt in FORMATS


def test_export_without_short_name_uses_the_board_name(summary: Summary) -> None:
    data = summary.input
    unnamed = build_summary(SummaryInput(**{**data.__dict__, "board_short_name": None}))
    _, filename, _ = export(unnamed, "DOCX")
    assert filename == "matters-arising-performance-and-risk-oversight-board-2022-10-20.docx"


def test_export_refuses_unknown_format(summary: Summary) -> None:
    with pytest.raises(InvalidInput) as raised:
        export(summary, "pdf")
    assert "md, csv, docx" in raised.value.user_message


# Markdown


def test_markdown_has_title_totals_and_only_nonempty_sections(summary: Summary) -> None:
    text = to_markdown(summary)
    assert text.startswith(f"# Matters arising — {BOARD} — 20 October 2022\n")
    assert (
        "Open: 6. Overdue: 3. Slipped: 0. Completed or dropped since the last meeting: 1."
    ) in text
    headings = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert headings == [SECTION_TITLES[s] for s in nonempty_sections(summary)]
    assert SECTION_TITLES[Section.FOR_DISCUSSION] not in text


def test_markdown_tables_escape_pipes_and_keep_rows_whole(summary: Summary) -> None:
    text = to_markdown(summary)
    assert "Compare stop \\| search data" in text
    assert "Draft \\| list sent" in text
    assert "Align reviews of engagement" in text
    for line in text.splitlines():
        if line.startswith("| "):
            assert line.replace("\\|", "").count("|") == 8  # seven columns on every row


def test_markdown_lists_not_yet_due_actions_one_line_each(summary: Summary) -> None:
    text = to_markdown(summary)
    assert "- #15 (No. 11): Paper on pan-London themes — December 2022 — MPS" in text


def test_markdown_shows_lateness_and_missing_updates(summary: Summary) -> None:
    text = to_markdown(summary)
    assert "Open, 40 days overdue (agreed 24 June 2022)" in text
    assert "12 September 2022, 10:00 UTC, Jo Bloggs: Draft \\| list sent" in text
    assert "| No update |" in text


# CSV


def read_csv(content: bytes) -> list[list[str]]:
    """Every row, header included, after checking the byte-order mark Excel needs."""
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content[3:].decode("utf-8"), newline="")))


def test_csv_has_bom_header_and_a_row_per_action(summary: Summary) -> None:
    content = to_csv(summary)
    rows = read_csv(content)
    assert rows[0] == list(CSV_HEADER)
    assert len(rows) == 1 + len(summary.lines())
    assert b"\r\n" in content
    assert [row[1] for row in rows[1:]] == [str(line.item.id) for line in summary.lines()]


def test_csv_rows_carry_iso_dates_and_flags(summary: Summary) -> None:
    table = read_csv(to_csv(summary))
    rows = {row[1]: dict(zip(CSV_HEADER, row, strict=True)) for row in table[1:]}
    assert rows["12"] == {
        "Section": "Overdue",
        "Id": "12",
        "No.": "3",
        "Origin meeting": "2022-06-24",
        "Action": PING_TEXT,
        "Timing": "August 2022",
        "Due": "2022-08-31",
        "Lead": "MPS",
        "Status": "Open",
        "Days overdue": "40",
        "Latest update": "Draft | list sent",
        "Update date": "2022-09-12",
        "Update time": "10:00 UTC",
        "Updated by": "Jo Bloggs",
        "No update": "no",
        "Proposed for closure": "no",
        "Closed by the board": "",
        "Agreed timing": "August 2022",
        "Deadline moved": "",
        "Slipped": "no",
        "Deadline proposed": "",
    }
    assert rows["16"]["Section"] == "No deadline set"
    assert rows["16"]["Lead"] == "MPS; MOPAC"
    assert rows["16"]["Action"] == "Align reviews\nof engagement"
    assert rows["16"]["Due"] == rows["16"]["Days overdue"] == ""
    assert rows["16"]["No update"] == "yes"
    assert rows["14"]["Section"] == "Completed or dropped since the last meeting"
    assert rows["14"]["Latest update"] == "Report provided"


def test_csv_keeps_user_text_but_not_spreadsheet_formulas(summary: Summary) -> None:
    rows = {row[1]: row for row in read_csv(to_csv(summary))[1:]}
    assert rows["12"][4] == PING_TEXT
    assert rows["13"][4] == PIPE_TEXT
    assert rows["17"][4] == '\'=HYPERLINK("http://x")'


# Word


def open_docx(content: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(content))


def test_docx_is_landscape_a4(summary: Summary) -> None:
    section = open_docx(to_docx(summary)).sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)


def test_docx_title_names_board_and_meeting(summary: Summary) -> None:
    document = open_docx(to_docx(summary))
    paragraphs = document.paragraphs
    assert paragraphs[0].text == "Annex A: Action log"
    assert paragraphs[0].style.name == "Title"
    assert paragraphs[1].text == f"{BOARD}: matters arising for the meeting on 20 October 2022"
    assert paragraphs[2].text == "Source: actions recorded in actionbot."
    assert document.core_properties.title == f"{BOARD}: Action log, 20 October 2022"
    counts = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert counts[:3] == [
        ["Open actions", "6"],
        ["Overdue", "3"],
        ["Slipped: deadline later than the board agreed", "0"],
    ]


def test_docx_has_an_annex_style_table_per_nonempty_section(summary: Summary) -> None:
    document = open_docx(to_docx(summary))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    sections = nonempty_sections(summary)
    assert headings == ["Summary"] + [SECTION_TITLES[s] for s in sections]
    assert len(document.tables) == 1 + len(sections)
    for table, section in zip(document.tables[1:], sections, strict=True):
        header = table.rows[0].cells
        assert [cell.text for cell in header] == DOCX_HEADER
        assert all(run.bold for cell in header for run in cell.paragraphs[0].runs)
        assert table.style.name == "Table Grid"
        assert len(table.rows) == 1 + len(summary.sections[section])


def test_docx_rows_show_number_lateness_and_update(summary: Summary) -> None:
    overdue = open_docx(to_docx(summary)).tables[1]
    rows = [[cell.text for cell in row.cells] for row in overdue.rows[1:]]
    assert rows[0] == [
        "3",
        PING_TEXT,
        "August 2022",
        "MPS",
        "Open, 40 days overdue (agreed 24 June 2022)",
        "12 September 2022, 10:00 UTC, Jo Bloggs: Draft | list sent",
        "#12",
    ]
    assert (rows[1][0], rows[1][6]) == ("13", "#13")
    assert rows[1][1] == PIPE_TEXT
    assert rows[1][5] == "No update"
    assert (rows[2][0], rows[2][6]) == ("", "#17")
    assert rows[2][2] == "30 September 2022"  # blank timing falls back to the due date


def test_docx_closed_section_shows_the_closing_note(summary: Summary) -> None:
    document = open_docx(to_docx(summary))
    index = nonempty_sections(summary).index(Section.CLOSED_SINCE)
    row = [cell.text for cell in document.tables[1 + index].rows[1].cells]
    assert (row[0], row[6]) == ("14", "#14")
    assert row[4] == "Done on 27 June 2022"
    assert row[5] == "27 June 2022, 10:00 UTC, Sam: Report provided"


def test_docx_survives_characters_word_cannot_store(summary: Summary) -> None:
    odd = item(20, "20", description="Vertical\x0btab and bell\x07", due=MEETING)
    data = SummaryInput(BOARD, None, MEETING, PREVIOUS, TODAY, (odd,))
    document = open_docx(to_docx(build_summary(data)))
    assert document.tables[1].rows[1].cells[1].text == "Verticaltab and bell"


def test_docx_with_nothing_to_report_has_only_the_counts() -> None:
    data = SummaryInput(BOARD, "PROB", MEETING, None, TODAY, ())
    document = open_docx(to_docx(build_summary(data)))
    [counts] = document.tables
    assert {row.cells[1].text for row in counts.rows} == {"0"}


def test_docx_cells_hold_tabs_breaks_spaces_and_markup_as_word_writes_them() -> None:
    text = "  Line one\nline\ttwo <b>&amp; “quoted”\r\nend  "
    odd = item(21, "21", description=text, due=MEETING, timing_raw=" Q3\t2022", leads=())
    data = SummaryInput(BOARD, None, MEETING, PREVIOUS, TODAY, (odd,))
    written = open_docx(to_docx(build_summary(data))).tables[1].rows[1].cells
    # The same texts given cell by cell through python-docx.
    expected = docx.Document().add_table(rows=1, cols=3).rows[0].cells
    expected[0].text, expected[1].text, expected[2].text = text, " Q3\t2022", ""
    for mine, theirs in zip(written[1:4], expected, strict=True):
        assert mine._tc.p_lst[0].xml == theirs._tc.p_lst[0].xml
    assert written[1].text == "  Line one\nline\ttwo <b>&amp; “quoted”\n\nend  "


def test_update_times_are_local_and_labelled_with_the_zone() -> None:
    london = ZoneInfo("Europe/London")
    summer = UpdateNote(datetime(2022, 9, 15, 10, tzinfo=UTC), "UALICE", "Chased", "Alice Able")
    winter = UpdateNote(datetime(2022, 12, 1, 10, tzinfo=UTC), "UBOB", "Sent")
    items = (
        item(30, "30", due=date(2022, 9, 30), latest_note=summer),
        item(31, "31", due=date(2022, 9, 30), latest_note=winter),
    )
    data = SummaryInput(BOARD, None, MEETING, PREVIOUS, TODAY, items, tz=london)
    text = to_markdown(build_summary(data))
    assert "15 September 2022, 11:00 BST, Alice Able: Chased" in text
    # Nobody has named UBOB yet: the id is labelled, never shown bare.
    assert "1 December 2022, 10:00 GMT, unnamed Slack user (UBOB): Sent" in text
