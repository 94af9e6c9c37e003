"""The export file: which tables it holds, and how each column's values are written as JSON."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Column, Table
from sqlalchemy.types import TypeDecorator

FORMAT = "actionbot-export"
VERSION = 1

# Tables left out of exports on purpose, with the reason. Every other table is exported, so a
# new table is never forgotten silently.
EXCLUDED = {
    "seen_requests": "a replay ledger of Slack requests, useless after five minutes",
    "actions_changed": "a marker each database's triggers move as its actions change",
}


class BadExport(ValueError):
    """The file is not an export this build can restore; the message says why and what to do."""


def exported_tables(tables: list[Table]) -> list[Table]:
    """The tables an export holds, parents before children."""
    return [t for t in tables if t.name not in EXCLUDED]


def encode(column: Column[Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def decode(column: Column[Any], value: Any) -> Any:
    if value is None:
        return None
    kind = _python_type(column)
    try:
        if kind is datetime:
            parsed = datetime.fromisoformat(value)
            if parsed.tzinfo is None:
                raise ValueError("a time without a zone")
            return parsed
        if kind is date:
            return date.fromisoformat(value)
        if kind is bytes:
            return base64.b64decode(value, validate=True)
        if kind is bool and not isinstance(value, bool):
            raise ValueError("not true or false")
        if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise ValueError("not a whole number")
    except (TypeError, ValueError) as exc:
        raise BadExport(
            f"{column.table.name}.{column.name} holds {value!r}, which is not a "
            f"valid {kind.__name__} ({exc})."
        ) from exc
    return value


def _python_type(column: Column[Any]) -> type:
    kind = column.type
    if isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    try:
        return kind.python_type
    except NotImplementedError:
        return object
