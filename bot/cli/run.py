"""`actionbot run`: migrate, then serve Slack (HTTP processes or Socket Mode) and the scheduler."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.config import Settings


log = logging.getLogger(__name__)


def add_command(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    run = sub.add_parser(
        "run",
        help="start the Slack bot",
        description="Start the Slack bot: Socket Mode when SLACK_APP_TOKEN is "
        "set, otherwise HTTP on PORT at /slack/events. Migrates "
        "the database first.",
    )
    run.set_defaults(handler=run_command)


def run_command(args: argparse.Namespace, settings: Settings) -> int:
    missing = settings.missing_for_slack()
    if missing:
        print(
            "actionbot run needs Slack credentials; missing: " + ", ".join(missing) + ".\n"
            "Put them in .env (see config.example.env and the README), or try the bot "
            "offline with: actionbot shell --demo",
            file=sys.stderr,
        )
        return 2
    return run_bot(settings)


def run_bot(settings: Settings) -> int:
    from bot import admin

    admin.upgrade_database(settings.database_url.get_secret_value())
    if settings.everyone_is_secretary:
        log.warning(
            "SECRETARY_USER_IDS is empty: everyone may add, change and map actions. "
            "Set it to the board secretaries' Slack user ids to restrict this."
        )
    if settings.slack_app_token is not None:
        return _run_socket_mode(settings)
    return _run_http(settings)


def _run_http(settings: Settings) -> int:
    """gunicorn and the scheduler, each a process of its own, stopped together."""
    from bot.supervisor import Supervisor
    from bot.web import GRACEFUL_SECONDS

    commands = {"web server": [sys.executable, "-m", "bot.web"]}
    if settings.run_scheduler:
        commands["scheduler"] = [sys.executable, "-m", "jobs"]
    else:
        log.info("RUN_SCHEDULER is false: reminders are left to `actionbot scheduler`")
    return Supervisor(commands, grace_seconds=GRACEFUL_SECONDS + 5).run()


def _run_socket_mode(settings: Settings) -> int:
    """One process: Socket Mode never forks, so the scheduler's threads can share it."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.slack.app import build_app
    from bot.slack.wiring import slack_services
    from bot.startup import keep_what_started
    from bot.stopping import stop_on_signals

    services = slack_services(settings)
    app = build_app(settings, services)
    keep_what_started()
    assert settings.slack_app_token is not None
    scheduler = _start_scheduler(services) if settings.run_scheduler else None
    log.info("connecting to Slack in Socket Mode")
    handler = SocketModeHandler(app, settings.slack_app_token.get_secret_value())
    with stop_on_signals(services.stopping, leave=True):
        try:
            handler.start()  # type: ignore[no-untyped-call]
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            handler.close()  # type: ignore[no-untyped-call]
            if scheduler is not None:
                from jobs.scheduler import stop_scheduler

                stop_scheduler(scheduler, services)
    return 0


def _start_scheduler(services: Any) -> Any:
    from jobs.scheduler import build_scheduler

    scheduler = build_scheduler(services)
    scheduler.start()
    log.info("scheduler started in this process (reminders every minute)")
    return scheduler
