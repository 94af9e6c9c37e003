"""The actionbot command: help everywhere, a clear refusal without tokens, the offline shell."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from bot.cli import build_parser, main


def subcommand_paths(parser, prefix=()):
    for action in parser._actions:  # argparse keeps its subparsers here
        if hasattr(action, "choices") and isinstance(action.choices, dict):
            for name, sub in action.choices.items():
                yield (*prefix, name)
                yield from subcommand_paths(sub, (*prefix, name))


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no stray .env, and any SQLite file lands here
    for name in (
        "SLACK_BOT_TOKEN",
        "SLACK_APP_TOKEN",
        "SLACK_SIGNING_SECRET",
        "DATABASE_URL",
        "SECRETARY_USER_IDS",
    ):
        monkeypatch.delenv(name, raising=False)


def test_every_subcommand_has_help(capsys):
    paths = list(subcommand_paths(build_parser()))
    assert ("run",) in paths and ("shell",) in paths and ("db", "upgrade") in paths
    for path in paths:
        with pytest.raises(SystemExit) as done:
            main([*path, "--help"])
        assert done.value.code == 0
        assert "usage: actionbot " + " ".join(path) in capsys.readouterr().out


def test_help_loads_neither_the_settings_nor_the_database_nor_slack():
    # `actionbot --help` should answer at once: it builds the parser and nothing else.
    heavy = ("pydantic", "pydantic_settings", "holidays", "sqlalchemy", "slack_bolt", "docx")
    code = (
        "import sys\n"
        "from bot.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(sorted(m for m in {heavy!r} if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert "usage: actionbot" in done.stdout
    assert done.stdout.splitlines()[-1] == "[]"


def test_run_without_tokens_names_what_is_missing(capsys):
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "SLACK_BOT_TOKEN" in err and "actionbot shell --demo" in err


def test_invalid_settings_are_explained(monkeypatch, capsys):
    monkeypatch.setenv("TIMEZONE", "Nowhere/Special")
    assert main(["shell", "--demo"]) == 2
    assert "TIMEZONE" in capsys.readouterr().err


def test_db_upgrade_creates_the_schema(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bot.db'}")
    assert main(["db", "upgrade"]) == 0
    assert "Database is at revision" in capsys.readouterr().out
    assert main(["db", "upgrade"]) == 0  # a second run finds nothing to do


def run_shell(monkeypatch, capsys, lines: str, *args: str) -> str:
    monkeypatch.setattr(sys, "stdin", io.StringIO(lines))
    assert main(["shell", *args]) == 0
    return capsys.readouterr().out


def test_demo_shell_runs_scripted_commands(monkeypatch, capsys, tmp_path):
    out = run_shell(
        monkeypatch, capsys, "/actions list\n/actions done 2 note sent\n/actions show 2\n", "--demo"
    )
    assert "Open actions (5, page 1 of 1)" in out
    assert "Done: #2" in out
    assert "status: open -> done — note sent" in out
    assert not list(tmp_path.glob("*.db"))  # the demo's database is thrown away


def test_shell_uses_the_configured_database_and_user(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bot.db'}")
    monkeypatch.setenv("SECRETARY_USER_IDS", "USEC")
    out = run_shell(
        monkeypatch,
        capsys,
        '/actions add Provide the SSO report lead:MPS due:"August 2022"\n'
        ":as UOTHER\n/actions done 1\n",
    )
    assert "Added #1" in out
    assert "You are now UOTHER (not a secretary)" in out
    assert "only a board secretary can change it" in out
    out = run_shell(monkeypatch, capsys, "/actions list all\n")
    assert "Provide the SSO report" in out and "due 31 August 2022" in out
