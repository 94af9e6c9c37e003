"""Commands that only read run without a transaction on PostgreSQL; writes keep theirs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from pydantic import SecretStr
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from bot.commands import Context
from bot.commands.execute import execute
from bot.console.render import render
from bot.db.session import make_engine
from bot.models.boards import Board
from bot.services import Services, build_services
from tests.conftest import BACKENDS, TempDatabase


@pytest.fixture(params=BACKENDS)
def one_connection(request, settings, tmp_path) -> Iterator[Services]:  # type: ignore[no-untyped-def]
    """The bot on a real database with a pool of one connection, so reads and writes share it."""
    database = TempDatabase(request.param, tmp_path)
    url = SecretStr(database.url)
    engine = make_engine(database.url, pool_size=1, max_overflow=0)
    services = build_services(settings.model_copy(update={"database_url": url}), engine=engine)
    yield services
    engine.dispose()
    database.drop()


def test_a_write_after_reads_is_still_all_or_nothing(one_connection):
    services = one_connection
    context = Context("USEC", services)
    assert "Added #1" in render(execute("add Provide the report lead:MPS", context))
    assert "Provide the report" in render(execute("list", context))
    assert "Provide the report" in render(execute("show 1", context))

    now = datetime(2026, 12, 4, tzinfo=UTC)
    with pytest.raises(IntegrityError), services.sessions.begin() as session:
        session.add(Board(name="Performance Board", created_at=now))
        session.flush()
        session.add(Board(name="Performance Board", created_at=now))  # the same name again
        session.flush()

    with services.sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(Board)) == 0
    listed = render(execute("list", context))
    assert "Provide the report" in listed
