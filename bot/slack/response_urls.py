"""Replies at a response_url over a connection kept open, one a thread.

bolt's `respond` posts with slack_sdk's WebhookClient, which opens a new connection (and, to
Slack, a new TLS session) for every reply. Every reply goes to the same host, so each thread
here keeps its connection to it open and posts the next reply on it. Everything else is
WebhookClient's: the body and headers it builds, the answers it reads, and its retry handlers
(a dropped connection is tried once more, on a new one).
"""

from __future__ import annotations

import http.client
import io
import select
import ssl
import threading
from collections.abc import Sequence
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urlsplit
from urllib.request import Request

from slack_bolt import Respond
from slack_bolt.context.respond.internals import _build_message
from slack_sdk.models.attachments import Attachment
from slack_sdk.models.blocks import Block
from slack_sdk.webhook import WebhookClient, WebhookResponse

# One connection a thread for each (scheme, host, port) it posts to.
_kept = threading.local()


def _connection(
    url: str, context: ssl.SSLContext | None, timeout: int
) -> http.client.HTTPConnection:
    parts = urlsplit(url)
    key = (parts.scheme, parts.hostname, parts.port)
    connections: dict[tuple[Any, ...], http.client.HTTPConnection] = _kept.__dict__.setdefault(
        "connections", {}
    )
    connection = connections.get(key)
    if connection is not None and _closed_by_server(connection):
        connection.close()
        connection = None
    if connection is None:
        host = parts.hostname or ""
        if parts.scheme == "https":
            connection = http.client.HTTPSConnection(
                host, parts.port, timeout=timeout, context=context
            )
        else:
            connection = http.client.HTTPConnection(host, parts.port, timeout=timeout)
        connections[key] = connection
    return connection


def _closed_by_server(connection: http.client.HTTPConnection) -> bool:
    """Whether the server has closed a kept connection (or sent something unasked on it)
    since the last reply: then the next reply goes on a new one, not into a dead socket."""
    sock = connection.sock
    if sock is None:
        return False
    try:
        poller = select.poll()
        poller.register(sock, select.POLLIN)
        return bool(poller.poll(0))
    except (OSError, ValueError):
        return True


class KeptWebhookClient(WebhookClient):
    """WebhookClient posting over this thread's kept connection."""

    def _perform_http_request_internal(self, url: str, req: Request) -> WebhookResponse:
        connection = _connection(url, self.ssl, self.timeout)
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        try:
            connection.request("POST", target, body=req.data, headers=dict(req.header_items()))
            answer = connection.getresponse()
            data = answer.read()
        except BrokenPipeError as error:
            # The server closed the connection before the reply went: nothing was posted, and
            # WebhookClient's retry handler tries once more, on a new connection.
            connection.close()
            raise ConnectionResetError(f"the kept connection was closed: {error}") from error
        except Exception:
            # Whatever state the connection is in, the next post starts a new one.
            connection.close()
            raise
        if answer.status >= 400:
            # WebhookClient reads an error answer (a 429's Retry-After included) from HTTPError.
            raise HTTPError(url, answer.status, answer.reason, answer.headers, io.BytesIO(data))
        charset = answer.headers.get_content_charset() or "utf-8"
        return WebhookResponse(
            url=url,
            status_code=answer.status,
            body=data.decode(charset),
            headers=dict(answer.headers.items()),
        )


class KeptRespond(Respond):
    """bolt's `respond`, posting with KeptWebhookClient."""

    def __call__(
        self,
        text: str | dict[str, Any] = "",
        blocks: Sequence[dict[str, Any] | Block] | None = None,
        attachments: Sequence[dict[str, Any] | Attachment] | None = None,
        response_type: str | None = None,
        replace_original: bool | None = None,
        delete_original: bool | None = None,
        unfurl_links: bool | None = None,
        unfurl_media: bool | None = None,
        thread_ts: str | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> WebhookResponse:
        if self.response_url is None:
            raise ValueError("respond is unsupported here as there is no response_url")
        if isinstance(text, dict):
            message = _build_message(**text)
        else:
            message = _build_message(
                text=text,
                blocks=blocks,
                attachments=attachments,
                response_type=response_type,
                replace_original=replace_original,
                delete_original=delete_original,
                unfurl_links=unfurl_links,
                unfurl_media=unfurl_media,
                thread_ts=thread_ts,
                metadata=metadata,
            )
        return KeptWebhookClient(url=self.response_url, ssl=self.ssl).send_dict(message)


def kept(respond: Respond) -> Respond:
    """`respond`, posting over a kept connection (unless it goes through a proxy)."""
    if respond.response_url is None or respond.proxy is not None:
        return respond
    return KeptRespond(response_url=respond.response_url, ssl=respond.ssl)
