"""The SQL of a backup: every row of a table in key order, loading rows, which tables hold any,
and moving PostgreSQL's id sequences past restored ids."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Integer, Row, Table, func, select, text


class TableRepository:
    """Whole tables over one connection (and so one snapshot or one transaction)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def rows(self, table: Table) -> Sequence[Row[Any]]:
        order = list(table.primary_key.columns) or list(table.columns)
        return self._connection.execute(select(*table.columns).order_by(*order)).all()

    def insert(self, table: Table, rows: list[dict[str, Any]]) -> None:
        self._connection.execute(table.insert(), rows)

    def filled(self, tables: Iterable[Table]) -> list[str]:
        """The names of those tables that hold at least one row."""
        return [
            t.name
            for t in tables
            if self._connection.execute(select(func.count()).select_from(t)).scalar_one()
        ]

    def reset_sequences(self, tables: Iterable[Table]) -> None:
        """Restored rows kept their ids: move each id sequence past them (PostgreSQL)."""
        if self._connection.dialect.name != "postgresql":
            return
        for table in tables:
            keys = list(table.primary_key.columns)
            if len(keys) != 1 or not isinstance(keys[0].type, Integer):
                continue
            name = keys[0].name
            sequence = self._connection.execute(
                text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": name}
            ).scalar_one()
            if sequence is None:
                continue
            self._connection.execute(
                text(
                    f'SELECT setval(:s, COALESCE((SELECT MAX("{name}") '
                    f'FROM "{table.name}"), 0) + 1, '
                    "false)"
                ),
                {"s": sequence},
            )
