"""`actionbot import` from the command line, on a SQLite file of the test's own."""

from __future__ import annotations

import io
import re
import sqlite3
import sys

import pytest

from bot.cli import main
from tests.conftest import SAMPLES, sample_path
from tests.imports.conftest import FIXTURES

ANNEX = SAMPLES / "letter-2022-07-20-oversight-board-annex-a.txt"
BOARD = "Performance and Risk Oversight Board"
TABLE = "No.\tAction\tTiming\tLead\n1\tMPS to brief on PCSO recruitment.\tAugust 2022\tMPS\n"


@pytest.fixture
def database(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no stray .env
    for name in ("SECRETARY_USER_IDS", "IMPORT_MAX_BYTES"):
        monkeypatch.delenv(name, raising=False)
    path = tmp_path / "bot.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    return path


@pytest.fixture
def annex():
    return str(sample_path(ANNEX.name))


def count_actions(path) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT count(*) FROM actions").fetchone()[0]


def test_dry_run_lists_the_fifteen_actions_of_the_annex(database, annex, capsys):
    assert main(["import", annex, "--board", BOARD, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "15 actions: 15 to create, 0 to update, 0 unchanged, 0 problems (14 open, 1 done)" in out
    assert "MOPAC14072022-D4220" in out and "meeting of 24 June 2022" in out
    rows = [line for line in out.splitlines() if re.match(r"\d+ {2,}", line)]
    assert [line.split()[0] for line in rows] == [str(n) for n in range(1, 16)]
    assert sum("31 August 2022" in line for line in rows) == 7
    assert sum("30 September 2022" in line for line in rows) == 1
    assert sum("31 October 2022" in line and "October 2022" in line for line in rows) == 2
    assert sum("31 December 2022" in line for line in rows) == 1
    assert sum("no deadline" in line for line in rows) == 3
    assert sum(line.split()[-2:] == ["done", "create"] for line in rows) == 1
    assert "MPS and MOPAC" in rows[11]
    assert all(len(line) <= 120 for line in out.splitlines() if line in rows)
    assert "Dry run: nothing was written" in out
    assert count_actions(database) == 0


def test_importing_twice_leaves_exactly_fifteen(database, annex, capsys):
    assert main(["import", annex, "--board", BOARD]) == 0
    assert (
        "Imported 15 actions into Performance and Risk Oversight Board: 15 created"
        in capsys.readouterr().out
    )
    assert main(["import", annex, "--board", BOARD]) == 0
    out = capsys.readouterr().out
    assert "15 actions: 0 to create, 0 to update, 15 unchanged, 0 problems" in out
    assert "Nothing to write" in out
    assert count_actions(database) == 15


def test_standard_input_and_options(database, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(TABLE))
    assert (
        main(
            [
                "import",
                "-",
                "--board",
                "PROB",
                "--meeting-date",
                "24/06/2022",
                "--source-ref",
                "PROB-1",
                "--as",
                "UALICE",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "source reference PROB-1" in out and "meeting of 24 June 2022" in out
    assert count_actions(database) == 1
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT actor, note FROM action_events").fetchall() == [
            ("UALICE", "imported from PROB-1")
        ]


def test_rows_that_cannot_be_read_stop_the_import_until_skipped(database, capsys):
    path = str(FIXTURES / "annex_with_problems.tsv")
    assert main(["import", path, "--board", BOARD, "--source-ref", "R"]) == 1
    out = capsys.readouterr().out
    assert "Rows that could not be read:" in out and "line 3: This row has no action text" in out
    assert "Nothing was written" in out and "--skip-problems" in out
    assert count_actions(database) == 0
    assert main(["import", path, "--board", BOARD, "--source-ref", "R", "--skip-problems"]) == 0
    assert "3 created, 0 updated, 0 unchanged, 3 skipped" in capsys.readouterr().out
    assert count_actions(database) == 3


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(64), "image"),
        (b"Dear Home Secretary,\n\nThank you for your letter.\n", "No actions found"),
    ],
)
def test_a_bad_file_exits_2_and_touches_no_database(database, tmp_path, capsys, content, message):
    path = tmp_path / "upload.txt"
    path.write_bytes(content)
    assert main(["import", str(path), "--board", BOARD]) == 2
    err = capsys.readouterr().err
    assert err.startswith("actionbot import: ") and message in err
    assert not database.exists()


def test_letters_without_actions_say_so(database, capsys):
    letter = sample_path("letter-2022-11-18-peel-inspection.txt")
    assert main(["import", str(letter), "--board", BOARD, "--dry-run"]) == 2
    assert "No actions found" in capsys.readouterr().err


def test_a_too_large_file_is_refused(database, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("IMPORT_MAX_BYTES", "1000")
    path = tmp_path / "big.tsv"
    path.write_text(TABLE * 50)
    assert main(["import", str(path), "--board", BOARD]) == 2
    assert "larger than 1 KB" in capsys.readouterr().err


def test_bad_arguments_are_explained(database, tmp_path, capsys):
    path = tmp_path / "table.tsv"
    path.write_text(TABLE)
    assert main(["import", str(path), "--board", BOARD, "--meeting-date", "June 2022"]) == 2
    assert "is not a meeting date" in capsys.readouterr().err
    assert main(["import", str(tmp_path / "missing.tsv"), "--board", BOARD]) == 2
    assert "cannot read" in capsys.readouterr().err
    with pytest.raises(SystemExit) as done:
        main(["import", str(path), "--board", BOARD, "--bogus"])
    assert done.value.code == 2
    with pytest.raises(SystemExit) as done:
        main(["import", str(path)])
    assert done.value.code == 2
    assert "--board" in capsys.readouterr().err


def test_a_board_name_like_an_existing_one_needs_new_board(database, tmp_path, capsys):
    path = tmp_path / "table.tsv"
    path.write_text(TABLE)
    assert main(["import", str(path), "--board", BOARD, "--source-ref", "A"]) == 0
    typo = "Performance and Risk Oversight Baord"
    assert main(["import", str(path), "--board", typo, "--source-ref", "B"]) == 2
    assert f'Use --board "{BOARD}"' in capsys.readouterr().err
    assert count_actions(database) == 1
    assert main(["import", str(path), "--board", typo, "--source-ref", "B", "--new-board"]) == 0
    assert count_actions(database) == 2


def test_an_invalid_size_limit_is_named(database, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("IMPORT_MAX_BYTES", "12")
    assert main(["import", "-", "--board", BOARD]) == 2
    assert "IMPORT_MAX_BYTES" in capsys.readouterr().err


def test_the_shell_explains_how_to_import_offline(database, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("/actions import\n"))
    assert main(["shell", "--as", "USEC"]) == 0
    assert "actionbot import <file> --board" in capsys.readouterr().out


def test_now_dates_the_import_so_a_summary_sees_the_completed_item(database, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(TABLE.replace("August 2022", "Completed")))
    assert (
        main(
            [
                "import",
                "-",
                "--board",
                BOARD,
                "--meeting-date",
                "24 June 2022",
                "--now",
                "2022-07-21T10:00:00+01:00",
            ]
        )
        == 0
    )
    monkeypatch.setattr(
        sys, "stdin", io.StringIO(f'/actions meeting "{BOARD}" 20 October 2022\n/actions show 1\n')
    )
    assert main(["shell", "--as", "USEC"]) == 0
    assert "21 Jul 2022 10:00 BST @cli created (imported as completed)" in capsys.readouterr().out
    assert (
        main(["summary", "--board", BOARD, "--format", "md", "--now", "2022-10-10T10:00:00+01:00"])
        == 0
    )
    summary = capsys.readouterr().out
    completed = summary.split("## Completed or dropped since the last meeting")[1]
    assert "MPS to brief on PCSO recruitment." in completed
