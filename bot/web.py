"""The HTTP server: gunicorn workers serving /slack/events, /healthz and /readyz.

Run as its own process (`python -m bot.web`, started by `actionbot run`). The gunicorn master
imports the code and configures the mappers but never touches the database or starts a thread;
workers build the app (engine, bolt App) after they are forked. So a worker forked at any
moment, at start or on a later re-fork, starts clean.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from collections.abc import Callable, Iterable
from typing import Any

from gunicorn.app.base import BaseApplication

from bot.config import Settings

log = logging.getLogger("bot.web")

# A request thread may run this long; gunicorn kills a worker that stops answering its master.
WORKER_TIMEOUT = 30
# On SIGTERM, requests in flight get this long to finish.
GRACEFUL_SECONDS = 10
# mallopt's M_ARENA_MAX parameter (glibc's malloc.h), and the arenas a worker keeps.
M_ARENA_MAX = -8
MALLOC_ARENAS = 2

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


class WebApp:
    """Health checks answered here; everything else goes to the Slack handler."""

    def __init__(
        self, slack: Callable[..., Iterable[bytes]], readiness: Callable[[], str | None]
    ) -> None:
        self._slack = slack
        self._readiness = readiness

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == "/healthz":
            return _text(start_response, "200 OK", "ok")
        if path == "/readyz":
            problem = self._readiness()
            if problem is None:
                return _text(start_response, "200 OK", "ready")
            return _text(start_response, "503 Service Unavailable", f"not ready: {problem}")
        return self._slack(environ, start_response)


def _text(start_response: StartResponse, status: str, body: str) -> list[bytes]:
    data = (body + "\n").encode()
    start_response(
        status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(data)))]
    )
    return [data]


def build_web_app(settings: Settings) -> WebApp:
    """One worker's WSGI callable: its own database engine and bolt App."""
    from bot.db.migrate import readiness_problem
    from bot.slack.http import build_slack_wsgi
    from bot.slack.wiring import slack_services
    from bot.startup import keep_what_started

    services = slack_services(settings)
    app = WebApp(build_slack_wsgi(settings, services), lambda: readiness_problem(services.engine))
    keep_what_started()
    return app


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
        self.cfg.set("timeout", WORKER_TIMEOUT)
        self.cfg.set("graceful_timeout", GRACEFUL_SECONDS)
        self.cfg.set("preload_app", False)
        self.cfg.set("accesslog", "-")
        self.cfg.set("loglevel", s.log_level.lower())
        if "control_socket_disable" in self.cfg.settings:
            # gunicorn 24+ opens a control socket at one path per user; nothing here uses it,
            # and two bots on one host would fight over it.
            self.cfg.set("control_socket_disable", True)

    def load(self) -> Any:
        # A worker that cannot build the app logs the traceback at ERROR and exits; gunicorn
        # then stops with a non-zero code and `actionbot run` stops with it.
        return build_web_app(self._settings)


def _import_before_forking() -> None:
    """Import what a worker runs (bolt, the listeners, the services) and configure the mappers
    once, here: a worker forked then only builds its app, and answers the requests that arrive
    as the port opens a second sooner than if each imported them itself.

    Safe before a fork: importing these starts no thread and opens no connection
    (tests/runtime/test_web_master.py checks).
    """
    from sqlalchemy.orm import configure_mappers

    # Imported for what importing them costs, not for their names: `build_web_app` imports
    # the same modules again, which then costs nothing.
    import bot.db.migrate
    import bot.slack.http
    import bot.slack.wiring
    import bot.startup  # noqa: F401

    configure_mappers()


def _fewer_malloc_arenas() -> None:
    """glibc gives threads that allocate at once arenas of their own, up to eight a core, and
    memory freed in one is not reused by another: a worker's 25 threads then hold far more than
    they use. Two arenas keep a worker's memory near what it needs, at no cost in speed here.
    Set before the workers are forked, so they inherit it; skipped where the C library is not
    glibc."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(M_ARENA_MAX, MALLOC_ARENAS)
    except (OSError, AttributeError):
        pass


def serve(settings: Settings) -> int:
    _fewer_malloc_arenas()
    _import_before_forking()
    log.info(
        "serving Slack over HTTP on port %s at /slack/events (health: /healthz, /readyz)",
        settings.port,
    )
    _Gunicorn(settings).run()
    return 0


def main() -> int:
    from bot.startup import configure_logging, load_settings

    settings = load_settings()
    if settings is None:
        return 2
    configure_logging(settings)
    return serve(settings)


if __name__ == "__main__":
    sys.exit(main())
