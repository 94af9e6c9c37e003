"""The board, meeting and summary verbs: their grammar, and their replies in the offline shell."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest

from bot.commands import parse
from bot.commands.boards import BoardArgs, MeetingArgs
from bot.commands.summary import SummaryArgs
from bot.console.messenger import ConsoleMessenger
from bot.console.shell import Shell
from bot.errors import InvalidInput
from bot.services import build_services


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("board PROB", BoardArgs("show", "PROB")),
        (
            "board Performance and Risk Oversight Board",
            BoardArgs("show", "Performance and Risk Oversight Board"),
        ),
        (
            'board add "Finance Board" short:FIN channel:<#C0FIN|finance> secretary:<@U1|al> <@U2>',
            BoardArgs(
                "add",
                "Finance Board",
                {"short_name": "FIN", "channel_id": "C0FIN", "secretaries": ["U1", "U2"]},
            ),
        ),
        (
            "board set FIN channel:none secretary:none short:none",
            BoardArgs("set", "FIN", {"short_name": None, "channel_id": None, "secretaries": []}),
        ),
        ("board set FIN channel:C0NEW", BoardArgs("set", "FIN", {"channel_id": "C0NEW"})),
    ],
)
def test_board_grammar(text: str, expected: BoardArgs) -> None:
    assert parse(text).args == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("meeting PROB 20 October 2022", MeetingArgs("PROB", date(2022, 10, 20))),
        (
            "meeting Performance and Risk Oversight Board 2022-10-20",
            MeetingArgs("Performance and Risk Oversight Board", date(2022, 10, 20)),
        ),
        (
            'meeting PROB "20 October 2022" every:"3 months"',
            MeetingArgs("PROB", date(2022, 10, 20), "3 months"),
        ),
        (
            'meeting PROB 27/10/2022 every:"FREQ=MONTHLY;INTERVAL=3;BYDAY=4TH"',
            MeetingArgs("PROB", date(2022, 10, 27), "FREQ=MONTHLY;INTERVAL=3;BYDAY=4TH"),
        ),
        (
            "meeting PROB 20 January 2023 cancel",
            MeetingArgs("PROB", date(2023, 1, 20), cancel=True),
        ),
        ("meeting 20 October 2022", MeetingArgs(None, date(2022, 10, 20))),
        ("meeting Board 2 20 October 2022", MeetingArgs("Board 2", date(2022, 10, 20))),
    ],
)
def test_meeting_grammar(text: str, expected: MeetingArgs) -> None:
    assert parse(text).args == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("summary", SummaryArgs()),
        ("summary PROB post", SummaryArgs("PROB", post=True)),
        (
            'summary Performance and Risk Oversight Board for:"20 October 2022" format:DOCX',
            SummaryArgs("Performance and Risk Oversight Board", date(2022, 10, 20), fmt="docx"),
        ),
        ("summary format:markdown post", SummaryArgs(None, post=True, fmt="md")),
    ],
)
def test_summary_grammar(text: str, expected: SummaryArgs) -> None:
    assert parse(text).args == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("board", "Which board?"),
        ("board add", "Which board? Give its name after add."),
        ("board PROB channel:C0X", "start with set"),
        ("board add FIN channel:#finance", "is not a channel I can read"),
        ("board add FIN secretary:alice", "is not a person"),
        ("meeting PROB", "Give the meeting date after the board's name"),
        ("meeting PROB October 2022", "is not a meeting date"),
        ("meeting PROB 20 October 2022 cancel every:monthly", "not both"),
        ("summary format:pdf", "is not a summary format"),
        ("summary for:soon", "is not a meeting date"),
        ("summary PROB formt:docx", "Did you mean format:?"),
    ],
)
def test_bad_commands_say_what_to_write(text: str, says: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        parse(text)
    assert says in raised.value.user_message
    assert "Usage: `/actions" in raised.value.user_message


def test_a_session_in_the_offline_shell(
    settings,
    clock,
    migrated_engine,
    sessions,  # type: ignore[no-untyped-def]
    tmp_path,
) -> None:
    out = io.StringIO()
    services = build_services(
        settings,
        clock=clock,
        engine=migrated_engine,
        sessions=sessions,
        migrate=False,
        publisher=ConsoleMessenger(out, tmp_path),
    )
    shell = Shell(services, "USEC", out=out)
    added = shell.handle('board add "Finance Board" short:FIN channel:<#C0FIN|fin>')
    assert "Added board Finance Board" in added and "channel: #C0FIN" in added
    assert "No upcoming meeting" in added
    assert "Repeats every 3 months" in shell.handle("meeting FIN 20 October 2022 every:quarterly")
    shell.handle('add Budget report lead:MOPAC due:"next board" board:FIN')
    assert "due 20 October 2022 (next board)" in shell.handle("list board:FIN")
    assert "20 January 2023" in shell.handle("meetings FIN")
    assert "Finance Board (FIN)" in shell.handle("boards")
    shown = shell.handle("summary")
    assert shown.startswith("# Matters arising — Finance Board — 20 October 2022")
    assert "Posted the matters-arising summary" in shell.handle("summary FIN post")
    assert "--- message to #C0FIN ---" in out.getvalue()
    sent = shell.handle("summary FIN format:docx")
    assert "to @USEC" in sent
    assert (tmp_path / "matters-arising-fin-2022-10-20.docx").read_bytes().startswith(b"PK")
    clock.set(datetime(2022, 10, 10, 9, tzinfo=UTC))
    assert "Error: Finance Board has no meeting on 1 October 2022" in shell.handle(
        "summary FIN for:2022-10-01"
    )
