"""`actionbot export` and `actionbot restore`: the whole database as one JSON file, and back."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.config import Settings


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    export = sub.add_parser(
        "export", help="write the whole database to a JSON file (a backup)",
        description="Write every board, meeting, lead, action, history entry and reminder "
                    "delivery to one JSON file, which `actionbot restore` loads back. The bot "
                    "may keep running meanwhile.")
    export.add_argument("file", type=Path, metavar="FILE", help="the file to write")
    export.set_defaults(handler=run_export)
    restore = sub.add_parser(
        "restore", help="load a JSON export into a new, empty database",
        description="Load a file written by `actionbot export` into the database at "
                    "DATABASE_URL, which must be empty and migrated (`actionbot db upgrade`). "
                    "Ids are kept; nothing is written unless the whole file loads.")
    restore.add_argument("file", type=Path, metavar="FILE", help="the export to load")
    restore.set_defaults(handler=run_restore)


def run_export(args: argparse.Namespace, settings: Settings) -> int:
    from bot.backup.format import BadExport
    from bot.backup.service import export_database
    from bot.db.session import make_engine

    engine = make_engine(settings.database_url.get_secret_value())
    try:
        data, result = export_database(engine)
    except BadExport as exc:
        print(f"actionbot export: {exc}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    try:
        partial = args.file.with_name(args.file.name + ".partial")
        partial.write_bytes(data)
        partial.replace(args.file)  # never leave half a backup under the real name
    except OSError as exc:
        print(f"actionbot export: cannot write {args.file}: {exc.strerror or exc}",
              file=sys.stderr)
        return 1
    print(f"Wrote {args.file}: {result.total} rows from {len(result.rows)} tables.")
    return 0


def run_restore(args: argparse.Namespace, settings: Settings) -> int:
    from bot.backup.format import BadExport
    from bot.backup.service import restore_database
    from bot.db.session import make_engine

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"actionbot restore: cannot read {args.file}: {exc.strerror or exc}",
              file=sys.stderr)
        return 1
    engine = make_engine(settings.database_url.get_secret_value())
    try:
        result = restore_database(engine, data)
    except BadExport as exc:
        print(f"actionbot restore: {exc} Nothing was written.", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    print(f"Restored {result.total} rows into {len(result.rows)} tables from {args.file}.")
    return 0
