"""Acknowledge first, then work.

Every listener is registered with an `ack` function that only acknowledges (or, for a form,
returns the errors to show in it: pure checks, no database, no Slack) and a lazy function that
does the work on the listener pool after Slack has its answer. The app runs with
`process_before_response=True`, so the acknowledgement is sent from the request thread: it never
queues behind work in the pool, and never waits for the database or for Slack.

The lazy side also claims the request (its signature, or an event's id) so that a replayed
request or a retried event does its work once; and it is where an unexpected error ends: a
reference for the user, the traceback in the log.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any

from slack_bolt import Ack, BoltRequest, Respond
from slack_sdk import WebClient

from bot.commands.execute import unexpected
from bot.services import Services
from bot.slack.blocks.replies import build_reply

log = logging.getLogger("bot.slack")

# The work of one request: its body, a client for the Web API, and its response_url.
Work = Callable[[dict[str, Any], WebClient, Respond], None]


def acknowledge(ack: Ack) -> None:
    ack()


def later(
    where: str, services: Services, work: Work, *, pool: Executor | None = None
) -> Callable[..., None]:
    """The lazy function for `work`: once per delivery, errors answered with a reference.

    With `pool`, the work runs there instead of on the listener pool (long imports keep to
    threads of their own).
    """

    def run(
        request: BoltRequest, body: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        key = delivery_key(request, body)
        try:
            if key is not None and not services.inbound.first_delivery(key):
                log.info("did the work of a repeated delivery of %s once", key[:24])
                return
        except Exception as error:
            _answer_error(error, where, body, respond)
            return
        if pool is None:
            _guarded(where, work, body, client, respond)
        else:
            pool.submit(_guarded, where, work, body, client, respond)

    run.__name__ = run.__qualname__ = f"later_{where.replace(' ', '_')}"
    return run


def delivery_key(request: BoltRequest, body: dict[str, Any]) -> str | None:
    """What makes this delivery itself: an event's id, or the request's signature.

    Slack retries an event with a new signature and the same id; a replayed request carries the
    same signature. Socket Mode requests have no signature, and are only ever retried as events.
    """
    event_id = body.get("event_id") if body.get("type") == "event_callback" else None
    if isinstance(event_id, str) and event_id:
        return f"event:{event_id}"
    signatures = request.headers.get("x-slack-signature") or []
    return signatures[0] if signatures else None


def _guarded(
    where: str, work: Work, body: dict[str, Any], client: WebClient, respond: Respond
) -> None:
    try:
        work(body, client, respond)
    except Exception as error:
        _answer_error(error, where, body, respond)


def _answer_error(error: Exception, where: str, body: dict[str, Any], respond: Respond) -> None:
    notice = unexpected(error, f"slack {where}")
    if not body.get("response_url"):
        return
    try:
        respond(response_type="ephemeral", replace_original=False, **build_reply(notice))
    except Exception:
        log.warning("could not tell the user about error %s", notice.text, exc_info=True)
