"""On PostgreSQL, whole numbers are sent as `integer` whenever they fit, so that a statement
binding ids is the same statement whichever ids it binds, and is prepared once
(`bot.db.postgresql`)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text

from bot.actions.rows import action_rows
from bot.db.migrate import upgrade
from tests.conftest import POSTGRES


@pytest.mark.parametrize("fresh_database", [POSTGRES], indirect=True)
def test_ids_small_and_large_make_one_prepared_statement(fresh_database):
    engine = fresh_database.engine()
    upgrade(engine)
    with engine.connect() as conn:
        # Ten ids, some below 32,768 and some above, in a different mix each time: the ids a
        # list page binds when there are tens of thousands of actions.
        for n in range(12):
            ids = [(7 + n * 3 + k) * (5_000 if (n >> (k % 4)) & 1 else 1) for k in range(10)]
            assert action_rows(conn, ids) == []  # no actions: only the statement matters
        prepared = conn.exec_driver_sql(
            "SELECT parameter_types FROM pg_prepared_statements "
            "WHERE statement LIKE 'SELECT actions.id, %%'"
        ).all()
    assert [row.parameter_types for row in prepared] == [["integer"] * 10]
    engine.dispose()


@pytest.mark.parametrize("fresh_database", [POSTGRES], indirect=True)
def test_larger_numbers_arrays_and_date_arithmetic_still_work(fresh_database):
    engine = fresh_database.engine()
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT :n"), {"n": 3_000_000_000}) == 3_000_000_000
        assert conn.scalar(text("SELECT :n"), {"n": -(2**40)}) == -(2**40)
        assert conn.scalar(text("SELECT :n"), {"n": 10**30}) == 10**30
        for numbers in ([1, 40_000], [1, 3_000_000_000]):  # as arrays, as a batch insert sends
            assert conn.scalar(text("SELECT :ns"), {"ns": numbers}) == numbers
        assert conn.scalar(text("SELECT DATE '2022-08-01' + :days"), {"days": 30}) == date(
            2022, 8, 1
        ) + timedelta(days=30)
    engine.dispose()
