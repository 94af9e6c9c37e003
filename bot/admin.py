"""Database administration the cli asks for: readiness, upgrades, export and restore.

The cli never opens the database itself; each function here opens an engine, does one thing
and closes it.
"""

from __future__ import annotations

from bot.backup.format import BadExport
from bot.backup.service import BackupResult, export_database, restore_database
from bot.db.migrate import current_revisions, readiness_problem, upgrade
from bot.db.session import describe_url, make_engine

__all__ = [
    "BackupResult",
    "BadExport",
    "describe_url",
    "export",
    "readiness",
    "restore",
    "upgrade_database",
]


def upgrade_database(url: str) -> list[str]:
    """Apply every migration the database lacks; the revisions it is at afterwards."""
    engine = make_engine(url)
    try:
        upgrade(engine)
        return list(current_revisions(engine))
    finally:
        engine.dispose()


def readiness(url: str) -> str | None:
    """None when the database answers and its schema is current, else what is wrong."""
    engine = make_engine(url)
    try:
        return readiness_problem(engine)
    finally:
        engine.dispose()


def export(url: str) -> tuple[bytes, BackupResult]:
    engine = make_engine(url)
    try:
        return export_database(engine)
    finally:
        engine.dispose()


def restore(url: str, data: bytes) -> BackupResult:
    engine = make_engine(url)
    try:
        return restore_database(engine, data)
    finally:
        engine.dispose()
