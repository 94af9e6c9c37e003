"""Writing every table to one JSON export, and loading an export into an empty database."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Table
from sqlalchemy.exc import IntegrityError

from bot import models
from bot.backup.format import (
    FORMAT,
    VERSION,
    BadExport,
    decode,
    encode,
    exported_tables,
)
from bot.backup.repository import TableRepository
from bot.db.migrate import current_revisions, head_revisions
from bot.db.session import first_line


@dataclass(frozen=True)
class BackupResult:
    """How many rows of each table were written or loaded."""

    rows: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def tables() -> list[Table]:
    return exported_tables(list(models.Base.metadata.sorted_tables))


def export_database(engine: Engine) -> tuple[bytes, BackupResult]:
    """The whole database as JSON bytes: the same data always gives the same bytes."""
    revision = _revision_or_refuse(engine, "export it")
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "schema_revision": revision,
        "tables": {},
    }
    counts: dict[str, int] = {}
    with _snapshot(engine) as connection:
        repo = TableRepository(connection)
        for table in tables():
            result = repo.rows(table)
            columns = list(table.columns)
            rows = [[encode(c, row[i]) for i, c in enumerate(columns)] for row in result]
            document["tables"][table.name] = {"columns": [c.name for c in columns], "rows": rows}
            counts[table.name] = len(rows)
    return _dumps(document).encode("utf-8"), BackupResult(counts)


def _dumps(document: dict[str, Any]) -> str:
    """JSON with one row a line: readable, diffable, and the same bytes for the same data."""

    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = ["{"] + [f" {one(k)}: {one(document[k])}," for k in document if k != "tables"]
    lines.append(' "tables": {')
    names = list(document["tables"])
    for n, name in enumerate(names):
        body = document["tables"][name]
        rows = [f"    {one(row)}" for row in body["rows"]]
        lines += [
            f"  {one(name)}: {{",
            f'   "columns": {one(body["columns"])},',
            '   "rows": [' + ("" if rows else "]"),
        ]
        if rows:
            lines += [",\n".join(rows), "   ]"]
        lines.append("  }" + ("," if n < len(names) - 1 else ""))
    lines += [" }", "}"]
    return "\n".join(lines) + "\n"


def restore_database(engine: Engine, data: bytes) -> BackupResult:
    """Load an export into this empty, migrated database, in one transaction, keeping ids."""
    document = _parse(data)
    revision = _revision_or_refuse(engine, "restore into it")
    if document["schema_revision"] != revision:
        raise BadExport(
            f"The file was exported at schema revision {document['schema_revision']}, and this "
            f"version of actionbot is at {revision}. Restore it with the actionbot version that "
            "wrote it, run `actionbot db upgrade` there, export again, and restore that file."
        )
    rows_by_table = _rows(document)
    counts: dict[str, int] = {}
    with engine.begin() as connection:
        repo = TableRepository(connection)
        _refuse_unless_empty(repo)
        for table in tables():
            rows = rows_by_table.get(table.name, [])
            if rows:
                try:
                    repo.insert(table, rows)
                except IntegrityError as exc:
                    raise BadExport(
                        f"The rows of {table.name} in the export do not fit "
                        f"together ({first_line(exc.orig or exc)}): the file is "
                        "damaged or was edited."
                    ) from exc
            counts[table.name] = len(rows)
        repo.reset_sequences(tables())
    return BackupResult(counts)


def _revision_or_refuse(engine: Engine, what: str) -> str:
    current, head = current_revisions(engine), head_revisions()
    if sorted(current) != sorted(head) or len(head) != 1:
        have = ", ".join(current) or "none (not migrated)"
        raise BadExport(
            f"The database schema is at revision {have}, and this version of "
            f"actionbot needs {', '.join(head)}: run `actionbot db upgrade` first, "
            f"then {what}."
        )
    return head[0]


def _snapshot(engine: Engine) -> Connection:
    connection = engine.connect()
    if engine.dialect.name == "postgresql":
        # Every table read from the same moment, while the bot keeps running.
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
    return connection


def _parse(data: bytes) -> dict[str, Any]:
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadExport(
            f"The file is not an actionbot export: it is not JSON ({exc}). "
            "Give a file written by `actionbot export`."
        ) from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BadExport(
            "The file is not an actionbot export (it has no "
            f'"format": "{FORMAT}"). Give a file written by `actionbot export`.'
        )
    if document.get("version") != VERSION:
        raise BadExport(
            f"The export is in format version {document.get('version')!r}; this "
            f"version of actionbot reads version {VERSION}. Use the actionbot "
            "version that wrote it."
        )
    if not isinstance(document.get("tables"), dict) or not document.get("schema_revision"):
        raise BadExport("The export has no tables or no schema revision: the file is damaged.")
    return document


def _rows(document: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    known = {t.name: t for t in tables()}
    unknown = sorted(set(document["tables"]) - set(known))
    if unknown:
        raise BadExport(
            f"The export has tables this version does not know: "
            f"{', '.join(unknown)}. Use the actionbot version that wrote it."
        )
    result: dict[str, list[dict[str, Any]]] = {}
    for name, body in document["tables"].items():
        table = known[name]
        names = body.get("columns") if isinstance(body, dict) else None
        if names != [c.name for c in table.columns]:
            raise BadExport(
                f"The columns of {name} in the export ({names}) are not this "
                "version's; use the actionbot version that wrote it."
            )
        rows = body.get("rows")
        if not isinstance(rows, list) or any(
            not isinstance(r, list) or len(r) != len(names) for r in rows
        ):
            raise BadExport(f"The rows of {name} in the export are damaged.")
        columns = list(table.columns)
        result[name] = [{c.name: decode(c, row[i]) for i, c in enumerate(columns)} for row in rows]
    return result


def _refuse_unless_empty(repo: TableRepository) -> None:
    filled = repo.filled(tables())
    if filled:
        raise BadExport(
            f"The database is not empty (it has rows in {', '.join(filled)}). "
            "Restore only into a new database: create one, run `actionbot db "
            "upgrade` on it, and point DATABASE_URL at it."
        )
