"""`actionbot scheduler`: every scheduled job in the foreground, without the Slack app."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.config import Settings


def add_command(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    scheduler = sub.add_parser(
        "scheduler",
        help="run the scheduled jobs (reminders, summaries) without the Slack app",
        description="Run every scheduled job in the foreground until stopped: for deployments "
        "that serve Slack from several replicas with RUN_SCHEDULER=false. Running "
        "more than one scheduler is safe; it only wastes work.",
    )
    scheduler.set_defaults(handler=run_scheduler)


def run_scheduler(args: argparse.Namespace, settings: Settings) -> int:
    from jobs.scheduler import run_scheduler as run

    return run(settings)
