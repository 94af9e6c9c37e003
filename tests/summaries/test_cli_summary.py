"""`actionbot summary` on the sample Annex A: the Word log a secretary files for 20 October."""

from __future__ import annotations

import csv
import io
import sys
from datetime import UTC, datetime

import docx
import pytest
from docx.enum.section import WD_ORIENT
from pydantic import SecretStr

from bot.cli import main
from bot.clock import FixedClock
from bot.services import build_services
from tests.annex_a import BOARD, add_annex_a

NOW = "2022-10-10T10:00:00+01:00"


@pytest.fixture
def annex_db(fresh_database, settings, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    """A database holding the sample's actions, and the environment the CLI reads it from."""
    seeded = build_services(
        settings.model_copy(update={"database_url": SecretStr(fresh_database.url)}),
        clock=FixedClock(datetime(2022, 7, 20, 12, tzinfo=UTC)),
    )
    ids = add_annex_a(seeded, with_next_meeting=True)
    seeded.engine.dispose()
    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.setenv("DATABASE_URL", fresh_database.url)
    return ids


def sections(document: docx.document.Document) -> dict[str, list[list[str]]]:
    """Heading -> the rows (without the header) of the table under it."""
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "Summary" and len(headings) == len(document.tables)
    return {
        heading: [[cell.text for cell in row.cells] for row in table.rows[1:]]
        for heading, table in zip(headings[1:], document.tables[1:], strict=True)
    }


def numbers(rows: list[list[str]]) -> list[str]:
    return [row[0].split(" ")[0] for row in rows]


def test_docx_log_for_the_october_meeting(annex_db, tmp_path, capsys):  # type: ignore[no-untyped-def]
    output = tmp_path / "log.docx"
    code = main(
        ["summary", "--board", BOARD, "--format", "docx", "--output", str(output), "--now", NOW]
    )
    assert code == 0
    assert f"Wrote {output}" in capsys.readouterr().out

    document = docx.Document(str(output))
    assert document.paragraphs[0].text == "Annex A: Action log"
    assert (
        document.paragraphs[1].text
        == f"{BOARD}: matters arising for the meeting on 20 October 2022"
    )
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE
    found = sections(document)
    assert list(found) == [
        "Overdue",
        "Due by this meeting",
        "Completed or dropped since the last meeting",
        "Open and not yet due",
        "No deadline set",
    ]
    assert numbers(found["Overdue"]) == ["2", "3", "6", "7", "8", "10", "13", "9"]
    assert numbers(found["Due by this meeting"]) == ["1", "4"]
    assert numbers(found["Completed or dropped since the last meeting"]) == ["14"]
    assert numbers(found["Open and not yet due"]) == ["11"]
    assert numbers(found["No deadline set"]) == ["5", "12", "15"]


def test_docx_rows_carry_timing_lead_lateness_and_missing_updates(annex_db, tmp_path):  # type: ignore[no-untyped-def]
    output = tmp_path / "log.docx"
    main(
        [
            "summary",
            "--board",
            "performance and risk oversight board",
            "--output",
            str(output),
            "--now",
            NOW,
        ]
    )
    found = sections(docx.Document(str(output)))
    first = found["Overdue"][0]
    assert (first[0], first[6]) == ("2", f"#{annex_db['2']}")
    assert first[1].startswith("MPS to provide a briefing note")
    assert first[2:4] == ["August 2022", "MPS"]
    assert first[4] == "Open, 40 days overdue (agreed 24 June 2022)"
    assert first[5] == "No update"
    assert found["Overdue"][-1][2] == "August/Sept 2022"
    assert found["No deadline set"][1][3] == "MPS, MOPAC"
    assert found["Completed or dropped since the last meeting"][0][4] == (
        "Done — closed by the board on 24 June 2022"
    )


def test_markdown_goes_to_stdout_without_an_output_file(annex_db, capsysbinary):  # type: ignore[no-untyped-def]
    assert main(["summary", "--board", "Performance and Risk Oversight Board", "--now", NOW]) == 0
    text = capsysbinary.readouterr().out.decode()
    assert text.startswith(f"# Matters arising — {BOARD} — 20 October 2022")
    assert (
        "Open: 14. Overdue: 8. Slipped: 0. Completed or dropped since the last meeting: 1."
    ) in text


def test_csv_to_stdout_has_a_row_per_reported_action(annex_db, capsysbinary):  # type: ignore[no-untyped-def]
    assert main(["summary", "--format", "csv", "--now", NOW]) == 0  # the only board
    content = capsysbinary.readouterr().out
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content[3:].decode())))
    assert len(rows) == 1 + 15


def test_a_named_past_meeting_and_bad_input(annex_db, tmp_path, capsys):  # type: ignore[no-untyped-def]
    assert main(["summary", "--for", "24 June 2022", "--now", NOW]) == 0
    assert "— 24 June 2022" in capsys.readouterr().out
    assert main(["summary", "--board", "Nope", "--now", NOW]) == 2
    assert 'No board is called "Nope"' in capsys.readouterr().err
    assert main(["summary", "--for", "June 2022", "--now", NOW]) == 2
    assert "is not a meeting date" in capsys.readouterr().err
    assert main(["summary", "--for", "2022-07-01", "--now", NOW]) == 2
    assert "has no meeting on 1 July 2022" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["summary", "--now", "yesterday"])


def test_meetings_command_lists_the_calendar(annex_db, capsys):  # type: ignore[no-untyped-def]
    assert main(["meetings", "--now", NOW]) == 0
    out = capsys.readouterr().out
    assert "20 October 2022" in out
    assert "Last meeting: 24 June 2022." in out


def test_the_written_line_counts_slipped_and_proposed_actions(  # type: ignore[no-untyped-def]
    annex_db, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("SECRETARY_USER_IDS", "USEC")
    monkeypatch.setenv("CLOSURE_NEEDS_BOARD", "true")
    commands = [
        ("USEC", "/actions lead MPS <@ULEAD>"),
        ("ULEAD", f'/actions update {annex_db["7"]} due:"November 2022" waiting for the data'),
        ("ULEAD", f"/actions done {annex_db['3']} list sent"),
    ]
    for user, command in commands:
        monkeypatch.setattr(sys, "stdin", io.StringIO(command + "\n"))
        assert main(["shell", "--as", user, "--now", "2022-09-15T10:00:00+01:00"]) == 0
    capsys.readouterr()
    output = tmp_path / "log.csv"
    code = main(
        ["summary", "--board", BOARD, "--format", "csv", "--output", str(output)] + ["--now", NOW]
    )
    assert code == 0
    written = capsys.readouterr().out
    assert "slipped 1, proposed for closure 1, closed since the last meeting" in written
