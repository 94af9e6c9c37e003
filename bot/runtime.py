"""Serving the Slack app: Socket Mode, or HTTP behind gunicorn with bolt's WSGI adapter."""

from __future__ import annotations

import logging
from typing import Any

from gunicorn.app.base import BaseApplication

from bot.config import Settings

log = logging.getLogger(__name__)


def build_wsgi(settings: Settings) -> Any:
    """One worker's WSGI callable: its own database engine and bolt App."""
    from slack_bolt.adapter.wsgi import SlackRequestHandler

    from bot.services import build_services
    from bot.slack.app import build_app

    services = build_services(settings, migrate=False)
    return SlackRequestHandler(build_app(settings, services))


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        super().__init__()

    def load_config(self) -> None:
        s = self._settings
        self.cfg.set("bind", f"0.0.0.0:{s.port}")
        self.cfg.set("workers", s.web_workers)
        self.cfg.set("worker_class", "gthread")
        self.cfg.set("threads", s.web_threads)
        self.cfg.set("accesslog", "-")
        self.cfg.set("loglevel", s.log_level.lower())

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
    _Gunicorn(settings).run()
    return 0


def _run_socket_mode(settings: Settings) -> int:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.services import build_services
    from bot.slack.app import build_app

    services = build_services(settings, migrate=False)
    app = build_app(settings, services)
    assert settings.slack_app_token is not None
    log.info("connecting to Slack in Socket Mode")
    SocketModeHandler(app, settings.slack_app_token.get_secret_value()).start()
    return 0
