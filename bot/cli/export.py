"""`actionbot export`: the whole database as one JSON file (a backup)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.config import Settings


def add_command(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    export = sub.add_parser(
        "export",
        help="write the whole database to a JSON file (a backup)",
        description="Write every board, meeting, lead, action, history entry and reminder "
        "delivery to one JSON file, which `actionbot restore` loads back. The bot "
        "may keep running meanwhile.",
    )
    export.add_argument("file", type=Path, metavar="FILE", help="the file to write")
    export.set_defaults(handler=run_export)


def run_export(args: argparse.Namespace, settings: Settings) -> int:
    from bot import admin

    try:
        data, result = admin.export(settings.database_url.get_secret_value())
    except admin.BadExport as exc:
        print(f"actionbot export: {exc}", file=sys.stderr)
        return 2
    try:
        partial = args.file.with_name(args.file.name + ".partial")
        partial.write_bytes(data)
        partial.replace(args.file)  # never leave half a backup under the real name
    except OSError as exc:
        print(f"actionbot export: cannot write {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"Wrote {args.file}: {result.total} rows from {len(result.rows)} tables.")
    return 0
