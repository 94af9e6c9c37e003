"""`actionbot shell`: type /actions commands in a terminal, offline, on the same database."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.options import add_now_option, clock_for

if TYPE_CHECKING:
    from bot.config import Settings


def add_command(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    shell = sub.add_parser(
        "shell",
        help="use the bot offline in a terminal",
        description="Type /actions commands in a terminal as a Slack user "
        "and read the replies as text, on the same database. "
        "In the shell, :as USER_ID switches user and :sweep "
        "[ISO_TIME] shows what the scheduler sends then: reminders, update "
        "requests and summary posts. Reads commands from "
        "standard input when it is not a terminal.",
    )
    shell.add_argument(
        "--as",
        dest="user",
        metavar="USER_ID",
        help="the Slack user id to act as (default: the first secretary)",
    )
    shell.add_argument(
        "--demo",
        action="store_true",
        help="use a throwaway database seeded with a sample board and actions",
    )
    # A stopped clock, not one that starts there and runs on: what the shell shows (and a
    # sweep with no time given) is then the same all session, as of the moment asked about.
    add_now_option(shell, "work, with the clock stopped there,")
    shell.set_defaults(handler=run_shell)


def run_shell(args: argparse.Namespace, settings: Settings) -> int:
    from pydantic import SecretStr

    from bot.console.demo import DEMO_USER, seed_demo
    from bot.console.messenger import ConsoleMessenger
    from bot.console.shell import Shell
    from bot.services import build_services

    workdir = None
    if args.demo:
        workdir = tempfile.TemporaryDirectory(prefix="actionbot-demo-")
        url = f"sqlite:///{Path(workdir.name) / 'demo.db'}"
        settings = settings.model_copy(
            update={"database_url": SecretStr(url), "secretary_user_ids": []}
        )
    # Files the shell is asked for (summary format:docx) are saved in the working directory.
    messenger = ConsoleMessenger(directory=Path.cwd())
    clock = clock_for(args, settings)
    services = build_services(settings, clock=clock, notifier=messenger, publisher=messenger)
    if clock is not None:
        print(
            f"The clock is stopped at {clock.now().isoformat(timespec='minutes')}: replies, "
            ":sweep and anything you change are as of then.",
            file=sys.stderr,
        )
    if args.demo:
        seed_demo(services)
    user = args.user or (DEMO_USER if args.demo else _first_secretary(settings))
    try:
        shell = Shell(services, user, messenger=messenger, record_sweeps=args.demo)
        shell.loop(sys.stdin, prompt=sys.stdin.isatty())
    finally:
        services.engine.dispose()
        if workdir is not None:
            workdir.cleanup()
    return 0


def _first_secretary(settings: Settings) -> str:
    return settings.secretary_user_ids[0] if settings.secretary_user_ids else "USHELL"
