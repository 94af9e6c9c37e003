"""Shared fixtures: migrated databases (SQLite, and PostgreSQL when TEST_DATABASE_URL is set)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

import pytest
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker

from bot.clock import FixedClock
from bot.config import Settings
from bot.db.migrate import upgrade
from bot.db.session import make_engine
from bot.services import Services, build_services
from bot.slack.client import build_client
from bot.slack.messenger import SlackMessenger
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_bot import SlackBot, running_bot

# The real letters beside the project (ACTIONBOT_SAMPLES names another folder).
SAMPLES = Path(
    os.environ.get("ACTIONBOT_SAMPLES")
    or Path(__file__).resolve().parents[1].parent / "shared" / "samples"
)
# CI sets ACTIONBOT_TEST_STRICT=1: there, a test whose PostgreSQL or sample letters are missing
# fails instead of being skipped, so a broken setup cannot pass quietly.
STRICT = os.environ.get("ACTIONBOT_TEST_STRICT") == "1"
POSTGRES = pytest.param("postgresql", marks=pytest.mark.postgres)
BACKENDS = ["sqlite", POSTGRES]


def unavailable(what: str, how: str) -> NoReturn:
    """Skip a test whose resource is missing; under ACTIONBOT_TEST_STRICT, fail it."""
    message = f"{what} is not available: {how}"
    if STRICT:
        pytest.fail(f"{message} (ACTIONBOT_TEST_STRICT=1 turns this skip into a failure)")
    pytest.skip(message)


def sample_path(name: str) -> Path:
    """A real letter from ../shared/samples."""
    path = SAMPLES / name
    if not path.is_file():
        unavailable(f"The sample letter {name}", f"it is expected at {path}")
    return path


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("postgres") and not os.environ.get("TEST_DATABASE_URL"):
        unavailable(
            "PostgreSQL",
            "set TEST_DATABASE_URL, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test",
        )


class TempDatabase:
    """A database of its own for one test session (or one test), dropped afterwards."""

    def __init__(self, backend: str, directory: Path) -> None:
        self.backend = backend
        if backend == "sqlite":
            self.url = f"sqlite:///{directory / f'test-{uuid.uuid4().hex[:8]}.db'}"
            self._admin = None
        else:
            server = make_url(os.environ["TEST_DATABASE_URL"])
            name = f"actionbot_test_{uuid.uuid4().hex[:10]}"
            self._admin = create_engine(server, isolation_level="AUTOCOMMIT")
            with self._admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            self._name = name
            self.url = server.set(database=name).render_as_string(hide_password=False)

    def engine(self) -> Engine:
        return make_engine(self.url)

    def drop(self) -> None:
        if self._admin is not None:
            with self._admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{self._name}" WITH (FORCE)'))
            self._admin.dispose()


def _savepoint_friendly(engine: Engine) -> None:
    """pysqlite manages transactions itself; take that over so SAVEPOINT works."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(conn):  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("BEGIN")


@pytest.fixture(scope="session", params=BACKENDS)
def migrated_engine(request, tmp_path_factory) -> Iterator[Engine]:  # type: ignore[no-untyped-def]
    """One database per backend per test session, built by running the real migrations."""
    database = TempDatabase(request.param, tmp_path_factory.mktemp("db"))
    engine = database.engine()
    upgrade(engine)
    _savepoint_friendly(engine)
    yield engine
    engine.dispose()
    database.drop()


def _each_savepoint_as_a_transaction(connection: Connection) -> None:
    """On PostgreSQL, `actions_changed` moves as a transaction commits (a deferred trigger), once
    a transaction: inside one outer transaction, fire it as each statement ends and let each
    savepoint (a service's transaction here) move it again, as their commits would."""
    if connection.dialect.name != "postgresql":
        return
    connection.exec_driver_sql("SET CONSTRAINTS ALL IMMEDIATE")

    @event.listens_for(connection, "savepoint")
    def _savepoint(conn, _name):  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("SELECT set_config('actionbot.actions_changed', '', true)")


@pytest.fixture
def sessions(migrated_engine: Engine) -> Iterator[sessionmaker]:
    """Sessions inside one transaction that is rolled back after the test."""
    connection = migrated_engine.connect()
    outer = connection.begin()
    _each_savepoint_as_a_transaction(connection)
    yield sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    outer.rollback()
    connection.close()


@pytest.fixture
def fresh_database(request, tmp_path) -> Iterator[TempDatabase]:  # type: ignore[no-untyped-def]
    """An empty database of the test's own, for tests that need real commits or concurrency."""
    backend = getattr(request, "param", "sqlite")
    database = TempDatabase(backend, tmp_path)
    yield database
    database.drop()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2022, 7, 25, 10, 0, tzinfo=UTC))


@pytest.fixture
def settings() -> Settings:
    return Settings(
        _env_file=None,
        secretary_user_ids=["USEC"],
        database_url="sqlite://",
        slack_bot_token="xoxb-test",
        slack_signing_secret="test-secret",
    )


@pytest.fixture
def services(
    settings: Settings, clock: FixedClock, migrated_engine: Engine, sessions: sessionmaker
) -> Services:
    return build_services(
        settings, clock=clock, engine=migrated_engine, sessions=sessions, migrate=False
    )


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    """A fake Slack Web API on loopback that records every call."""
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def slack_settings(settings: Settings, slack: FakeSlack) -> Settings:
    """The settings, with the Web API client pointed at the fake Slack."""
    return settings.model_copy(update={"slack_api_url": slack.api_url})


@pytest.fixture
def slack_services(
    slack_settings: Settings, clock: FixedClock, migrated_engine: Engine, sessions: sessionmaker
) -> Services:
    """Services wired as `actionbot run` wires them: one Slack messenger for reminders and
    posts, talking to the fake Slack."""
    messenger = SlackMessenger(build_client(slack_settings, timeout=5))
    return build_services(
        slack_settings,
        clock=clock,
        engine=migrated_engine,
        sessions=sessions,
        migrate=False,
        notifier=messenger,
        publisher=messenger,
    )


@pytest.fixture
def bot(slack_settings: Settings, slack_services: Services, slack: FakeSlack) -> Iterator[SlackBot]:
    """The bot's own /slack/events on loopback, sending signed requests as Slack would."""
    with running_bot(slack_settings, slack_services, slack) as running:
        yield running


@pytest.fixture
def pooled_services(
    slack_settings: Settings, clock: FixedClock, fresh_database: TempDatabase
) -> Iterator[Services]:
    """`slack_services` on a database of its own with a connection pool, as in production: for
    tests whose requests do their work at the same time (`slack_services` shares one
    connection, which two threads must not use at once)."""
    engine = fresh_database.engine()
    messenger = SlackMessenger(build_client(slack_settings, timeout=5))
    yield build_services(
        slack_settings, clock=clock, engine=engine, notifier=messenger, publisher=messenger
    )
    engine.dispose()


@pytest.fixture
def pooled_bot(
    slack_settings: Settings, pooled_services: Services, slack: FakeSlack
) -> Iterator[SlackBot]:
    """`bot` on `pooled_services`: for requests whose work runs at the same time."""
    with running_bot(slack_settings, pooled_services, slack) as running:
        yield running
