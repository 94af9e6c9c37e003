"""INSERTs that leave or overwrite existing rows, on SQLite, PostgreSQL and anything else."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Column, Connection, CursorResult, Result, Table
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
