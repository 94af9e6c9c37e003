"""Restore refuses what it cannot load faithfully, says what to do, and writes nothing."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text

from bot.backup.format import BadExport
from bot.backup.service import export_database, restore_database
from bot.cli import main
from bot.db.migrate import upgrade
from bot.db.session import make_engine
from bot.models.actions import Action
from bot.services import build_services
from tests.annex_a import add_annex_a


@pytest.fixture
def source(tmp_path: Path, settings) -> Iterator[Engine]:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path / 'source.db'}")
    services = build_services(settings, engine=engine)
    add_annex_a(services)
    yield engine
    engine.dispose()


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    upgrade(engine)
    yield engine
    engine.dispose()


def actions_in(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(Action)).scalar_one()


def test_a_database_that_is_not_empty_is_refused(source: Engine) -> None:
    data, _ = export_database(source)
    with pytest.raises(BadExport, match=r"The database is not empty .*actions.*new database"):
        restore_database(source, data)
    assert actions_in(source) == 15


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\x00\xff not json", "not JSON"),
        (b'{"boards": []}', "not an actionbot export"),
        (b"[1, 2]", "not an actionbot export"),
    ],
)
def test_a_file_that_is_not_an_export_is_refused(
    empty: Engine, content: bytes, message: str
) -> None:
    with pytest.raises(BadExport, match=message):
        restore_database(empty, content)


def test_an_export_from_another_schema_revision_is_refused(source: Engine, empty: Engine) -> None:
    document = json.loads(export_database(source)[0])
    document["schema_revision"] = "0004"
    with pytest.raises(BadExport, match=r"revision 0004.*actionbot db upgrade.*export again"):
        restore_database(empty, json.dumps(document).encode())
    assert actions_in(empty) == 0


def test_a_damaged_value_is_refused_and_nothing_is_written(source: Engine, empty: Engine) -> None:
    document = json.loads(export_database(source)[0])
    document["tables"]["actions"]["rows"][-1][1] = "not a board id"
    with pytest.raises(BadExport, match=re.escape("actions.board_id holds 'not a board id'")):
        restore_database(empty, json.dumps(document).encode())
    assert actions_in(empty) == 0


def test_rows_that_do_not_fit_together_are_refused(source: Engine, empty: Engine) -> None:
    document = json.loads(export_database(source)[0])
    document["tables"]["action_leads"]["rows"][0][1] = 999  # a lead that does not exist
    with pytest.raises(BadExport, match="action_leads in the export do not fit together"):
        restore_database(empty, json.dumps(document).encode())
    assert actions_in(empty) == 0


def test_a_database_that_is_not_migrated_is_refused(source: Engine, tmp_path: Path) -> None:
    bare = make_engine(f"sqlite:///{tmp_path / 'bare.db'}")
    with pytest.raises(BadExport, match=r"not migrated.*actionbot db upgrade"):
        restore_database(bare, export_database(source)[0])
    with bare.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM sqlite_master")).scalar_one() == 0
    bare.dispose()


def test_the_commands_export_and_restore_and_explain_a_refusal(
    source: Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env
    backup = tmp_path / "backup.json"
    monkeypatch.setenv("DATABASE_URL", source.url.render_as_string(hide_password=False))
    assert main(["export", str(backup)]) == 0
    assert f"Wrote {backup}:" in capsys.readouterr().out
    target = tmp_path / "target.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{target}")
    assert main(["db", "upgrade"]) == 0
    assert main(["restore", str(backup)]) == 0
    assert "Restored" in capsys.readouterr().out
    assert main(["restore", str(backup)]) == 2
    err = capsys.readouterr().err
    assert "actionbot restore: The database is not empty" in err and "Nothing was written" in err
    assert "Traceback" not in err
    assert main(["restore", str(tmp_path / "missing.json")]) == 1
    assert "cannot read" in capsys.readouterr().err
