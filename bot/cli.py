"""The actionbot command: run, shell, db and the rest; it reads settings and wires services."""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import SecretStr

from bot import __version__
from bot.cli_backup import add_commands as add_backup_commands
from bot.cli_imports import add_commands as add_import_commands
from bot.cli_reminders import add_commands as add_reminder_commands
from bot.cli_summaries import add_commands as add_summary_commands
from bot.config import Settings
from bot.startup import configure_logging, load_settings, with_database

Handler = Callable[[argparse.Namespace, Settings], int]


def _cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    missing = settings.missing_for_slack()
    if missing:
        print("actionbot run needs Slack credentials; missing: " + ", ".join(missing) + ".\n"
              "Put them in .env (see config.example.env and the README), or try the bot "
              "offline with: actionbot shell --demo", file=sys.stderr)
        return 2
    from bot.runtime import run_bot

    return run_bot(settings)


def _cmd_shell(args: argparse.Namespace, settings: Settings) -> int:
    from bot.console.demo import DEMO_USER, seed_demo
    from bot.console.notifier import ConsoleNotifier
    from bot.console.publisher import ConsolePublisher
    from bot.console.shell import Shell
    from bot.services import build_services

    workdir = None
    if args.demo:
        workdir = tempfile.TemporaryDirectory(prefix="actionbot-demo-")
        url = f"sqlite:///{Path(workdir.name) / 'demo.db'}"
        settings = settings.model_copy(update={"database_url": SecretStr(url),
                                               "secretary_user_ids": []})
    # Files the shell is asked for (summary format:docx) are saved in the working directory.
    services = build_services(settings, notifier=ConsoleNotifier(),
                              publisher=ConsolePublisher(directory=Path.cwd()))
    if args.demo:
        seed_demo(services)
    user = args.user or (DEMO_USER if args.demo else _first_secretary(settings))
    try:
        Shell(services, user, record_sweeps=args.demo).loop(sys.stdin, prompt=sys.stdin.isatty())
    finally:
        services.engine.dispose()
        if workdir is not None:
            workdir.cleanup()
    return 0


def _first_secretary(settings: Settings) -> str:
    return settings.secretary_user_ids[0] if settings.secretary_user_ids else "USHELL"


def _cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    from bot.db.migrate import readiness_problem
    from bot.db.session import describe_url, make_engine

    engine = make_engine(settings.database_url.get_secret_value())
    try:
        problem = readiness_problem(engine)
    finally:
        engine.dispose()
    where = describe_url(settings.database_url.get_secret_value())
    if problem is not None:
        print(f"Not ready: {problem} (DATABASE_URL={where}).", file=sys.stderr)
        return 1
    print(f"Ready: the database at {where} answers and its schema is up to date.")
    return 0


def _cmd_db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from bot.db.migrate import current_revisions, upgrade
    from bot.db.session import make_engine

    engine = make_engine(settings.database_url.get_secret_value())
    upgrade(engine)
    print("Database is at revision " + ", ".join(current_revisions(engine)) + ".")
    engine.dispose()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="actionbot",
        description="Keeps oversight-board actions, reminds their leads in Slack and prepares "
                    "matters arising. Settings come from the environment and .env "
                    "(see config.example.env).",
    )
    parser.add_argument("--version", action="version", version=f"actionbot {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="start the Slack bot",
                         description="Start the Slack bot: Socket Mode when SLACK_APP_TOKEN is "
                                     "set, otherwise HTTP on PORT at /slack/events. Migrates "
                                     "the database first.")
    run.set_defaults(handler=_cmd_run)

    check = sub.add_parser("check", help="check that the bot can serve (for health checks)",
                           description="Check that the database answers and its schema is up "
                                       "to date, as GET /readyz does in HTTP mode. Exit code 0 "
                                       "when ready, 1 otherwise; for Docker's HEALTHCHECK and "
                                       "Socket Mode deployments.")
    check.set_defaults(handler=_cmd_check)

    shell = sub.add_parser("shell", help="use the bot offline in a terminal",
                           description="Type /actions commands in a terminal as a Slack user "
                                       "and read the replies as text, on the same database. "
                                       "In the shell, :as USER_ID switches user and :sweep "
                                       "[ISO_TIME] runs a reminder sweep. Reads commands from "
                                       "standard input when it is not a terminal.")
    shell.add_argument("--as", dest="user", metavar="USER_ID",
                       help="the Slack user id to act as (default: the first secretary)")
    shell.add_argument("--demo", action="store_true",
                       help="use a throwaway database seeded with a sample board and actions")
    shell.set_defaults(handler=_cmd_shell)

    db = sub.add_parser("db", help="database maintenance",
                        description="Database maintenance.")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="DB_COMMAND")
    up = db_sub.add_parser("upgrade", help="apply the database migrations",
                           description="Apply every migration the database does not have yet.")
    up.set_defaults(handler=_cmd_db_upgrade)
    add_summary_commands(sub)
    add_reminder_commands(sub)
    add_import_commands(sub)
    add_backup_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = load_settings()
    if settings is None:
        return 2
    configure_logging(settings)
    handler: Handler = args.handler
    return with_database(settings, lambda: handler(args, settings))


if __name__ == "__main__":
    sys.exit(main())
