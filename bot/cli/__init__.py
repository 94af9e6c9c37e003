"""The actionbot command: one module per subcommand, each adding its parser and its handler.

A subcommand imports what it needs when it runs, so `actionbot --help` stays light.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from bot import __version__
from bot.cli import (
    check,
    db,
    export,
    imports,
    meetings,
    remind,
    restore,
    run,
    scheduler,
    shell,
    summary,
)

if TYPE_CHECKING:
    from bot.config import Settings

Handler = Callable[[argparse.Namespace, "Settings"], int]

# The order of `actionbot --help`.
SUBCOMMANDS = (
    run,
    check,
    shell,
    db,
    summary,
    meetings,
    remind,
    scheduler,
    imports,
    export,
    restore,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="actionbot",
        description="Keeps oversight-board actions, reminds their leads in Slack and prepares "
        "matters arising. Settings come from the environment and .env "
        "(see config.example.env).",
    )
    parser.add_argument("--version", action="version", version=f"actionbot {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in SUBCOMMANDS:
        module.add_command(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # The settings (pydantic, the holiday calendars) only once a command is to run, not for --help.
    from bot.startup import configure_logging, load_settings, with_database

    settings = load_settings()
    if settings is None:
        return 2
    configure_logging(settings)
    handler: Handler = args.handler
    return with_database(settings, lambda: handler(args, settings))


if __name__ == "__main__":
    sys.exit(main())
