"""The Slack WebClient: the configured API host, calls paced to Slack's rate limits
(bot/slack/pacing.py) and retry handlers that never post twice."""

from __future__ import annotations

from typing import Any

from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest

from bot.config import Settings
from bot.slack.pacing import PacedRateLimitRetryHandler, PacedWebClient, Pacer, shared_pacer

# Calls that post something: a 5xx or a dropped connection may come after the post landed, so
# the client must not repeat them; the delivery ledger retries them after checking the channel.
POSTING_METHODS = ("chat.postMessage", "files.completeUploadExternal")


def is_posting(request: HttpRequest) -> bool:
    path = request.url.split("?", 1)[0].rstrip("/")
    return path.endswith(tuple("/" + method for method in POSTING_METHODS))


class ServerErrorRetryNoPosts(ServerErrorRetryHandler):
    """Retries 500 and 503 answers, except to calls that post."""

    def _can_retry(
        self,
        *,
        state: Any,
        request: HttpRequest,
        response: Any = None,
        error: Exception | None = None,
    ) -> bool:
        return not is_posting(request) and super()._can_retry(
            state=state, request=request, response=response, error=error
        )


class ConnectionErrorRetryNoPosts(ConnectionErrorRetryHandler):
    """Retries dropped connections, except to calls that post."""

    def _can_retry(
        self,
        *,
        state: Any,
        request: HttpRequest,
        response: Any = None,
        error: Exception | None = None,
    ) -> bool:
        return not is_posting(request) and super()._can_retry(
            state=state, request=request, response=response, error=error
        )


def build_client(
    settings: Settings, *, timeout: int = 30, pacer: Pacer | None = None
) -> PacedWebClient:
    """The client; its calls share the process's budgets for the workspace unless given `pacer`."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    pacer = pacer or shared_pacer(settings.slack_api_url, token)
    return PacedWebClient(
        pacer=pacer,
        token=token,
        base_url=settings.slack_api_url,
        timeout=timeout,
        retry_handlers=[
            # A 429 means nothing was posted, so waiting for Retry-After is always safe; the
            # wait holds back every thread's calls of that method.
            PacedRateLimitRetryHandler(pacer, max_retry_count=3),
            ServerErrorRetryNoPosts(max_retry_count=2),
            ConnectionErrorRetryNoPosts(max_retry_count=2),
        ],
    )
