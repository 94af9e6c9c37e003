"""`actionbot check`: is the database reachable and its schema current (for health checks)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.config import Settings


def add_command(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    check = sub.add_parser(
        "check",
        help="check that the bot can serve (for health checks)",
        description="Check that the database answers and its schema is up "
        "to date, as GET /readyz does in HTTP mode. Exit code 0 "
        "when ready, 1 otherwise; for Docker's HEALTHCHECK and "
        "Socket Mode deployments.",
    )
    check.set_defaults(handler=run_check)


def run_check(args: argparse.Namespace, settings: Settings) -> int:
    from bot import admin

    url = settings.database_url.get_secret_value()
    problem = admin.readiness(url)
    where = admin.describe_url(url)
    if problem is not None:
        print(f"Not ready: {problem} (DATABASE_URL={where}).", file=sys.stderr)
        return 1
    print(f"Ready: the database at {where} answers and its schema is up to date.")
    return 0
