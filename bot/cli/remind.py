"""`actionbot remind`: one reminder sweep now, as the scheduler runs every minute."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from bot.cli.options import add_now_option, aware

if TYPE_CHECKING:
    from bot.config import Settings


def add_command(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    remind = sub.add_parser(
        "remind",
        help="send the reminders that are due now, once",
        description="Run one reminder sweep, as the scheduler does every minute, and print "
        "what was sent, skipped and failed. Reminders already sent are never sent "
        "again, so running it twice sends nothing more.",
    )
    add_now_option(remind, "sweep")
    remind.add_argument(
        "--dry-run", action="store_true", help="show what would be sent; send and record nothing"
    )
    remind.set_defaults(handler=run_remind)


def run_remind(args: argparse.Namespace, settings: Settings) -> int:
    from bot.reminders.digest import format_report
    from bot.services import build_services

    if settings.slack_bot_token is None and not args.dry_run:
        print(
            "actionbot remind needs SLACK_BOT_TOKEN to send. Use --dry-run to see what is "
            "due, or try reminders offline with `actionbot shell --demo` and `:sweep`.",
            file=sys.stderr,
        )
        return 2
    now = aware(args.now, settings)
    if settings.slack_bot_token is None:
        services = build_services(settings)
    else:
        from bot.slack.wiring import slack_services

        services = slack_services(settings, migrate=True)
    try:
        report = services.reminders.send_due(now, dry_run=args.dry_run, thorough=True)
    finally:
        services.engine.dispose()
    print(format_report(report))
    return 1 if report.failed else 0
