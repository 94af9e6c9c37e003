"""A database that is away: one sentence at start, "try again" at run time, then recovery."""

from __future__ import annotations

import logging
import time

import pytest
from pydantic import SecretStr
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

import bot.db.session as session_module
from bot.cli import main
from bot.commands import Context
from bot.commands.execute import execute
from bot.console.render import render
from bot.services import build_services
from tests.conftest import TempDatabase
from tests.fakes.tcp_proxy import TcpProxy
from tests.runtime.bot_process import free_port


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(
    "url",
    [
        pytest.param(
            f"postgresql+psycopg://postgres:hunter2@127.0.0.1:{free_port()}/actionbot",
            id="postgresql-nothing-listening",
        ),
        pytest.param("sqlite:////no/such/directory/actionbot.db", id="sqlite-no-directory"),
    ],
)
@pytest.mark.parametrize(
    "command", [["db", "upgrade"], ["check"], ["remind", "--dry-run"], ["shell"]]
)
def test_a_database_that_cannot_be_opened_gets_one_sentence(monkeypatch, capsys, url, command):
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(command) == 1
    err = capsys.readouterr().err
    assert "DATABASE_URL=" in err and ("refused" in err or "unable to open" in err)
    assert "hunter2" not in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.postgres
def test_commands_while_the_database_is_away_say_so_and_the_bot_recovers(
    settings, tmp_path, caplog
):
    database = TempDatabase("postgresql", tmp_path)
    server = make_url(database.url)
    proxy = TcpProxy((server.host or "127.0.0.1", server.port or 5432))
    proxy.restore()
    try:
        url = server.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
        services = build_services(settings.model_copy(update={"database_url": SecretStr(url)}))
        context = Context("USEC", services)
        assert "Added #1" in render(execute("add Provide the report lead:MPS", context))

        proxy.cut()
        with caplog.at_level(logging.WARNING):
            for text in ("list", "add Another lead:MPS", "show 1"):
                reply = execute(text, context)
                assert reply.error and "try again in a minute" in reply.text
        assert not [r for r in caplog.records if r.exc_info]

        proxy.restore()
        listed = render(execute("list", context))
        assert "Provide the report" in listed and "Another" not in listed
        services.engine.dispose()
    finally:
        proxy.cut()
        database.drop()


def _drop_connections(database: TempDatabase, name: str) -> int:
    """What a database server's restart does to the bot's pooled connections."""
    with create_engine(database.url, isolation_level="AUTOCOMMIT").connect() as admin:
        dropped = admin.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"
            ),
            {"name": name},
        ).scalar_one()
    admin.engine.dispose()
    return int(dropped)


@pytest.mark.postgres
def test_connections_the_server_dropped_while_idle_are_replaced_unseen(
    settings, tmp_path, monkeypatch
):
    monkeypatch.setattr(session_module, "PING_AFTER_IDLE_SECONDS", 0.2)
    database = TempDatabase("postgresql", tmp_path)
    try:
        services = build_services(
            settings.model_copy(update={"database_url": SecretStr(database.url)})
        )
        context = Context("USEC", services)
        assert "Added #1" in render(execute("add Provide the report lead:MPS", context))
        name = make_url(database.url).database or ""

        # Dropped while the bot was idle: asked before use, replaced, nobody is told.
        assert _drop_connections(database, name) >= 1
        time.sleep(0.3)
        assert "Provide the report" in render(execute("list", context))
        assert _drop_connections(database, name) >= 1
        time.sleep(0.3)
        assert "Added #2" in render(execute("add Another lead:MPS", context))

        # Dropped the moment after a command: the next command on it says "try again", changes
        # nothing, and the one after works.
        monkeypatch.setattr(session_module, "PING_AFTER_IDLE_SECONDS", 60.0)
        assert _drop_connections(database, name) >= 1
        first = execute("add A third lead:MPS", context)
        assert first.error and "try again in a minute" in first.text
        listed = render(execute("list", context))
        assert "Another" in listed and "A third" not in listed
        services.engine.dispose()
    finally:
        database.drop()
