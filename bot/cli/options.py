"""What several subcommands share: the --now option, and services on the clock it sets."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.clock import Clock, FixedClock

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.services import Services


def add_now_option(parser: argparse.ArgumentParser, action: str = "act") -> None:
    parser.add_argument(
        "--now",
        type=iso_moment,
        metavar="ISO_TIME",
        help=f"{action} as if it were this moment, e.g. 2022-08-24T09:30:00+01:00 "
        "(without an offset, TIMEZONE applies; a date alone means its midnight)",
    )


def iso_moment(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO date and time; write e.g. 2022-08-24T09:30:00+01:00"
        ) from None


def aware(moment: datetime | None, settings: Settings) -> datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=ZoneInfo(settings.timezone))


def clock_for(args: argparse.Namespace, settings: Settings) -> Clock | None:
    """A clock stopped at --now, or None for the system clock."""
    now = aware(args.now, settings)
    return FixedClock(now) if now is not None else None


def services_for(args: argparse.Namespace, settings: Settings) -> Services:
    """The services, on a clock stopped at --now when it is given."""
    from bot.services import build_services

    return build_services(settings, clock=clock_for(args, settings))


def sending_services(args: argparse.Namespace, settings: Settings) -> Services:
    """`services_for`, sending through Slack when there is a bot token (a dry run needs none)."""
    if settings.slack_bot_token is None:
        return services_for(args, settings)
    from bot.slack.wiring import slack_services

    return slack_services(settings, migrate=True, clock=clock_for(args, settings))
