"""Serving the Slack app: Socket Mode, or HTTP behind gunicorn with bolt's WSGI adapter."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from gunicorn.app.base import BaseApplication

from bot.config import Settings

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)


def slack_services(settings: Settings, *, migrate: bool = False) -> Services:
    """Services whose reminders and summaries go to Slack through the configured client."""
    from bot.services import build_services
    from bot.slack.client import build_client
    from bot.slack.notifier import SlackNotifier
    from bot.slack.publisher import SlackPublisher

    client = build_client(settings)
    return build_services(settings, migrate=migrate, notifier=SlackNotifier(client),
                          publisher=SlackPublisher(client))


def build_wsgi(settings: Settings) -> Any:
    """One worker's WSGI callable: its own database engine and bolt App."""
    from bot.slack.http import build_slack_wsgi

    return build_slack_wsgi(settings, slack_services(settings))


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, settings: Settings, master: Services | None = None) -> None:
        self._settings = settings
        self._master = master
        super().__init__()

    def load_config(self) -> None:
        s = self._settings
        self.cfg.set("bind", f"0.0.0.0:{s.port}")
        self.cfg.set("workers", s.web_workers)
        self.cfg.set("worker_class", "gthread")
        self.cfg.set("threads", s.web_threads)
        self.cfg.set("accesslog", "-")
        self.cfg.set("loglevel", s.log_level.lower())
        if self._master is not None:
            self.cfg.set("post_fork", self._forget_master_connections)

    def _forget_master_connections(self, _server: Any, _worker: Any) -> None:
        # A worker inherits the master's pooled connections (the scheduler's); closing them
        # from the child would cut the master's sessions, so only drop the references.
        assert self._master is not None
        self._master.engine.dispose(close=False)

    def load(self) -> Any:
        return build_wsgi(self._settings)


def run_bot(settings: Settings) -> int:
    from bot.db.migrate import upgrade
    from bot.db.session import make_engine

    engine = make_engine(settings.database_url.get_secret_value())
    upgrade(engine)
    engine.dispose()
    if settings.everyone_is_secretary:
        log.warning(
            "SECRETARY_USER_IDS is empty: everyone may add, change and map actions. "
            "Set it to the board secretaries' Slack user ids to restrict this."
        )
    if settings.slack_app_token is not None:
        return _run_socket_mode(settings)
    log.info("serving Slack events over HTTP on port %s at /slack/events", settings.port)
    # The scheduler runs once, in gunicorn's master, never in each forked worker.
    master = slack_services(settings) if settings.run_scheduler else None
    scheduler = _start_scheduler(master)
    try:
        _Gunicorn(settings, master).run()
    finally:
        _stop_scheduler(scheduler)
    return 0


def _run_socket_mode(settings: Settings) -> int:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.slack.app import build_app

    services = slack_services(settings)
    app = build_app(settings, services)
    assert settings.slack_app_token is not None
    scheduler = _start_scheduler(services if settings.run_scheduler else None)
    log.info("connecting to Slack in Socket Mode")
    try:
        SocketModeHandler(app, settings.slack_app_token.get_secret_value()).start()
    finally:
        _stop_scheduler(scheduler)
    return 0


def _start_scheduler(services: Services | None) -> Any:
    if services is None:
        log.info("RUN_SCHEDULER is false: reminders are left to `actionbot scheduler`")
        return None
    from jobs.scheduler import build_scheduler

    scheduler = build_scheduler(services)
    scheduler.start()
    log.info("scheduler started in this process (reminders every minute)")
    return scheduler


def _stop_scheduler(scheduler: Any) -> None:
    if scheduler is not None:
        scheduler.shutdown(wait=False)
