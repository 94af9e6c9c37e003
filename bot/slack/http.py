"""The Slack part of the HTTP server: nothing reaches bolt before Slack's signature is checked.

Order: signature (401), shape and response_url (400), then bolt through its WSGI adapter. A
refusal is one WARNING line; no listener, error handler or outbound call ever sees an
unverified request. Nothing here touches the database: a replayed request is acknowledged like
the first and its work is done once (bot.slack.listeners.later).
"""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.config import Settings
from bot.services import Services
from bot.slack.app import build_app
from bot.slack.guard import Payload, Refusal, read_payload, signature_problem

log = logging.getLogger("bot.slack.http")

# Slack's own payloads are a few kilobytes; anything near this is not from Slack.
MAX_BODY_BYTES = 1_000_000

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


class SlackHTTP:
    """WSGI callable for /slack/events."""

    def __init__(
        self,
        bolt: Callable[..., Iterable[bytes]],
        signing_secret: str,
        hooks_url: str,
    ) -> None:
        self._bolt = bolt
        self._secret = signing_secret
        self._hooks_url = hooks_url

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") != "POST":
            return _answer(start_response, "405 Method Not Allowed", "Slack sends POST requests.")
        body = _read_body(environ)
        if body is None:
            return self._refuse(environ, start_response, Refusal(413, "the body is too large"))
        problem = signature_problem(
            self._secret,
            environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP"),
            environ.get("HTTP_X_SLACK_SIGNATURE"),
            body,
            time.time(),
        )
        if problem is not None:
            return self._refuse(environ, start_response, Refusal(401, problem))
        payload = read_payload(environ.get("CONTENT_TYPE", ""), body)
        if (
            isinstance(payload, Payload)
            and payload.response_url is not None
            and not payload.response_url.startswith(self._hooks_url)
        ):
            payload = Refusal(400, "its response_url is not on SLACK_HOOKS_URL")
        if isinstance(payload, Refusal):
            return self._refuse(environ, start_response, payload)
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        return self._bolt(environ, start_response)

    def _refuse(
        self, environ: dict[str, Any], start_response: StartResponse, refusal: Refusal
    ) -> Iterable[bytes]:
        log.warning(
            "refused a request to /slack/events from %s: %s",
            environ.get("REMOTE_ADDR", "?"),
            refusal.reason,
        )
        status = {400: "400 Bad Request", 401: "401 Unauthorized", 413: "413 Content Too Large"}[
            refusal.status
        ]
        text = (
            "Invalid request signature."
            if refusal.status == 401
            else f"Bad request: {refusal.reason}."
        )
        return _answer(start_response, status, text)


def _read_body(environ: dict[str, Any]) -> bytes | None:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY_BYTES:
        return None
    return environ["wsgi.input"].read(length) if length > 0 else b""


def _answer(start_response: StartResponse, status: str, text: str) -> list[bytes]:
    data = text.encode()
    start_response(
        status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(data)))]
    )
    return [data]


def build_slack_wsgi(settings: Settings, services: Services) -> SlackHTTP:
    """The WSGI callable that answers Slack's requests over HTTP."""
    secret = settings.slack_signing_secret
    if secret is None:
        raise ValueError("HTTP mode needs SLACK_SIGNING_SECRET to verify Slack's requests")
    return SlackHTTP(
        SlackRequestHandler(build_app(settings, services)),
        secret.get_secret_value(),
        settings.slack_hooks_url,
    )
