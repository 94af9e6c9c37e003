"""`actionbot meetings`: a board's upcoming meetings and its rule."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from bot.cli.options import add_now_option, services_for
from bot.errors import BotError

if TYPE_CHECKING:
    from bot.config import Settings


def add_command(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    meetings = sub.add_parser(
        "meetings",
        help="list a board's upcoming meetings",
        description="List a board's upcoming meetings and its rule.",
    )
    meetings.add_argument("--board", help="the board's name or short name")
    add_now_option(meetings, "list")
    meetings.set_defaults(handler=run_meetings)


def run_meetings(args: argparse.Namespace, settings: Settings) -> int:
    from bot.console.boards import meeting_lines

    services = services_for(args, settings)
    try:
        info = services.boards.schedule(args.board)
    except BotError as exc:
        print(f"actionbot meetings: {exc.user_message}", file=sys.stderr)
        return 2
    finally:
        services.engine.dispose()
    print("\n".join([f"Meetings of {info.name}", *meeting_lines(info)]))
    return 0
