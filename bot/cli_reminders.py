"""`actionbot remind` (one reminder sweep now) and `actionbot scheduler` (every job, alone)."""

from __future__ import annotations

import argparse
import sys

from bot.cli_now import add_now_option, aware
from bot.config import Settings


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    remind = sub.add_parser(
        "remind", help="send the reminders that are due now, once",
        description="Run one reminder sweep, as the scheduler does every minute, and print "
                    "what was sent, skipped and failed. Reminders already sent are never sent "
                    "again, so running it twice sends nothing more.")
    add_now_option(remind, "sweep")
    remind.add_argument("--dry-run", action="store_true",
                        help="show what would be sent; send and record nothing")
    remind.set_defaults(handler=run_remind)

    scheduler = sub.add_parser(
        "scheduler", help="run the scheduled jobs (reminders, summaries) without the Slack app",
        description="Run every scheduled job in the foreground until stopped: for deployments "
                    "that serve Slack from several replicas with RUN_SCHEDULER=false. Running "
                    "more than one scheduler is safe; it only wastes work.")
    scheduler.set_defaults(handler=run_scheduler)


def run_remind(args: argparse.Namespace, settings: Settings) -> int:
    from bot.reminders.report import format_report
    from bot.services import build_services

    if settings.slack_bot_token is None and not args.dry_run:
        print("actionbot remind needs SLACK_BOT_TOKEN to send. Use --dry-run to see what is "
              "due, or try reminders offline with `actionbot shell --demo` and `:sweep`.",
              file=sys.stderr)
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


def run_scheduler(args: argparse.Namespace, settings: Settings) -> int:
    from jobs.scheduler import run_scheduler as run

    return run(settings)
