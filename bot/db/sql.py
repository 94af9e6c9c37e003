"""INSERTs that leave or overwrite existing rows, or that give many new rows their ids, on SQLite,
PostgreSQL and anything else."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Column, Connection, CursorResult, Result, Table, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Session


def table_of(model: type[DeclarativeBase]) -> Table:
    """The Table a mapped class is declared on (its `__table__`, typed as one)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


def rows_changed(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE statement changed."""
    assert isinstance(result, CursorResult)
    return result.rowcount


def new_ids(session: Session, column: Column[int], count: int) -> list[int] | None:
    """`count` ids for new rows of an integer primary key, taken before the rows are inserted, so
    the ORM can insert them in batches: with its ids known, a row need not be read back.

    On PostgreSQL they come from the column's sequence. SQLite gives a new row the largest id so
    far plus one (these tables have no AUTOINCREMENT), so these are the ids it would give; call it
    only in a transaction that has written already, holding SQLite's one write lock. None
    elsewhere: the database gives the ids as it inserts.
    """
    dialect = session.get_bind().dialect.name
    with session.no_autoflush:
        if dialect == "postgresql":
            sequence = func.pg_get_serial_sequence(column.table.name, column.name)
            taken = select(func.nextval(sequence)).select_from(func.generate_series(1, count))
            return list(session.scalars(taken))
        if dialect == "sqlite":
            last = session.scalar(select(func.coalesce(func.max(column), 0))) or 0
            return list(range(last + 1, last + 1 + count))
    return None


def _dialect_insert(dialect: str, table: Table) -> postgresql.Insert | sqlite.Insert | None:
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    return None


def insert_or_ignore(
    bind: Connection | Session,
    table: Table,
    rows: Sequence[dict[str, Any]],
    returning: Sequence[Column[Any]] = (),
) -> list[tuple[Any, ...]]:
    """Insert `rows`, skipping any that break a unique constraint; returns `returning` of the rows
    that were inserted. The unique constraint decides, so concurrent callers never both win."""
    if not rows:
        return []
    dialect = bind.get_bind().dialect.name if isinstance(bind, Session) else bind.dialect.name
    insert = _dialect_insert(dialect, table)
    if insert is None:
        return _one_by_one(bind, table, rows, returning)
    statement = insert.on_conflict_do_nothing()
    if not returning:
        bind.execute(statement, list(rows))
        return []
    return [tuple(r) for r in bind.execute(statement.returning(*returning), list(rows))]


def upsert(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert `rows`, or overwrite the rows with the same primary key."""
    if not rows:
        return
    statement = _dialect_insert(session.get_bind().dialect.name, table)
    if statement is None:
        keys = [c.name for c in table.primary_key.columns]
        for row in rows:
            session.execute(table.delete().where(*(table.c[k] == row[k] for k in keys)))
        session.execute(table.insert(), list(rows))
        return
    changed = {c.name: statement.excluded[c.name] for c in table.columns if not c.primary_key}
    session.execute(
        statement.on_conflict_do_update(
            index_elements=list(table.primary_key.columns), set_=changed
        ),
        list(rows),
    )


def _one_by_one(
    bind: Connection | Session,
    table: Table,
    rows: Sequence[dict[str, Any]],
    returning: Sequence[Column[Any]],
) -> list[tuple[Any, ...]]:
    won: list[tuple[Any, ...]] = []
    for row in rows:
        try:
            with bind.begin_nested():
                result = bind.execute(
                    table.insert().values(row).returning(*returning)
                    if returning
                    else table.insert().values(row)
                )
                if returning:
                    won.append(tuple(result.one()))
        except IntegrityError:
            continue
    return won
