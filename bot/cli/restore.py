"""`actionbot restore`: load a JSON export into a new, empty database."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.config import Settings


def add_command(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    restore = sub.add_parser(
        "restore",
        help="load a JSON export into a new, empty database",
        description="Load a file written by `actionbot export` into the database at "
        "DATABASE_URL, which must be empty and migrated (`actionbot db upgrade`). "
        "Ids are kept; nothing is written unless the whole file loads.",
    )
    restore.add_argument("file", type=Path, metavar="FILE", help="the export to load")
    restore.set_defaults(handler=run_restore)


def run_restore(args: argparse.Namespace, settings: Settings) -> int:
    from bot import admin

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"actionbot restore: cannot read {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    try:
        result = admin.restore(settings.database_url.get_secret_value(), data)
    except admin.BadExport as exc:
        print(f"actionbot restore: {exc} Nothing was written.", file=sys.stderr)
        return 2
    print(f"Restored {result.total} rows into {len(result.rows)} tables from {args.file}.")
    return 0
