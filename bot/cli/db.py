"""`actionbot db upgrade`: apply the database migrations."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.config import Settings


def add_command(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    db = sub.add_parser("db", help="database maintenance", description="Database maintenance.")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="DB_COMMAND")
    up = db_sub.add_parser(
        "upgrade",
        help="apply the database migrations",
        description="Apply every migration the database does not have yet.",
    )
    up.set_defaults(handler=run_upgrade)


def run_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from bot import admin

    revisions = admin.upgrade_database(settings.database_url.get_secret_value())
    print("Database is at revision " + ", ".join(revisions) + ".")
    return 0
