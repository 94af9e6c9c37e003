"""INSERTs that leave or overwrite existing rows, on SQLite, PostgreSQL and anything else."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Column, Connection, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

_DIALECT_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def insert_or_ignore(
    bind: Connection | Session,
    table: Table,
    rows: Sequence[dict[str, Any]],
    returning: Sequence[Column] = (),
) -> list[tuple]:
    """Insert `rows`, skipping any that break a unique constraint; returns `returning` of the rows
    that were inserted. The unique constraint decides, so concurrent callers never both win."""
    if not rows:
        return []
    dialect = bind.get_bind().dialect.name if isinstance(bind, Session) else bind.dialect.name
    make = _DIALECT_INSERTS.get(dialect)
    if make is None:
        return _one_by_one(bind, table, rows, returning)
    statement = make(table).on_conflict_do_nothing()
    if not returning:
        bind.execute(statement, list(rows))
        return []
    return [tuple(r) for r in bind.execute(statement.returning(*returning), list(rows))]


def upsert(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert `rows`, or overwrite the rows with the same primary key."""
    if not rows:
        return
    make = _DIALECT_INSERTS.get(session.get_bind().dialect.name)
    if make is None:
        keys = [c.name for c in table.primary_key.columns]
        for row in rows:
            session.execute(table.delete().where(*(table.c[k] == row[k] for k in keys)))
        session.execute(table.insert(), list(rows))
        return
    statement = make(table)
    changed = {c.name: statement.excluded[c.name] for c in table.columns if not c.primary_key}
    session.execute(statement.on_conflict_do_update(
        index_elements=list(table.primary_key.columns), set_=changed), list(rows))


def _one_by_one(bind: Connection | Session, table: Table, rows: Sequence[dict[str, Any]],
                returning: Sequence[Column]) -> list[tuple]:
    won = []
    for row in rows:
        try:
            with bind.begin_nested():
                result = bind.execute(
                    table.insert().values(row).returning(*returning) if returning
                    else table.insert().values(row)
                )
                if returning:
                    won.append(tuple(result.one()))
        except IntegrityError:
            continue
    return won

