"""Serve the real bolt app through its WSGI adapter on loopback, as gunicorn would."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


class BoltHTTP:
    """`with BoltHTTP(app) as server: server.post(body, headers)` -> (status, body).

    `app` is a bolt App, or a whole WSGI callable such as the bot's own /slack/events."""

    def __init__(self, app: App | Callable[..., Any]) -> None:
        wsgi = SlackRequestHandler(app) if isinstance(app, App) else app
        self._server = make_server(
            "127.0.0.1", 0, wsgi, server_class=_ThreadingWSGIServer, handler_class=_QuietHandler
        )
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}/slack/events"

    def __enter__(self) -> BoltHTTP:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def post(self, body: str, headers: dict[str, str]) -> tuple[int, str]:
        request = urllib.request.Request(self.url, data=body.encode(), headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
