"""`actionbot remind`: the reminders and update requests that are due now, once, as scheduled."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from bot.cli.options import add_now_option, sending_services

if TYPE_CHECKING:
    from bot.config import Settings


def add_command(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    remind = sub.add_parser(
        "remind",
        help="send the reminders and update requests that are due now, once",
        description="Run one reminder sweep and one round of update requests before meetings, "
        "as the scheduler does, and print what was sent, skipped and failed, and to whom. "
        "Nothing already sent is sent again, so running it twice sends nothing more.",
    )
    add_now_option(remind, "sweep")
    remind.add_argument(
        "--dry-run",
        action="store_true",
        help="show what would be sent to whom, with the update requests' text; "
        "send and record nothing",
    )
    remind.set_defaults(handler=run_remind)


def run_remind(args: argparse.Namespace, settings: Settings) -> int:
    from bot.console.scheduled import post_run_text
    from bot.models.boards import PostKind
    from bot.reminders.digest import format_report
    from bot.stopping import stop_on_signals

    if settings.slack_bot_token is None and not args.dry_run:
        print(
            "actionbot remind needs SLACK_BOT_TOKEN to send. Use --dry-run to see what is "
            "due, or try reminders offline with `actionbot shell --demo` and `:sweep`.",
            file=sys.stderr,
        )
        return 2
    services = sending_services(args, settings)
    # Asked to stop while sending, it finishes the message it is sending and stops.
    with stop_on_signals(services.stopping, leave=False):
        try:
            report = services.reminders.send_due(dry_run=args.dry_run, thorough=True)
            requests = services.summaries.scheduled.run(
                PostKind.UPDATE_REQUEST, dry_run=args.dry_run
            )
        finally:
            services.engine.dispose()
    print(format_report(report))
    print(post_run_text(requests))
    return 1 if report.failed or requests.failed else 0
