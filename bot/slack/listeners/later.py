"""Acknowledge first, then work.

Every listener is registered with an `ack` function that only acknowledges (or, for a form,
returns the errors to show in it: pure checks, no database, no Slack) and a lazy function that
does the work on the listener pool after Slack has its answer. The app runs with
`process_before_response=True`, so the acknowledgement is sent from the request thread: it never
queues behind work in the pool, and never waits for the database or for Slack.

The lazy side also claims the request (its signature, or an event's id) so that a replayed
request or a retried event does its work once; and it is where an unexpected error ends: a
reference for the user, the traceback in the log. A request whose work only reads (a list, a
card) is claimed in this process's memory, not in the database: a replay that reached another
process could at worst show the same answer twice, and reads need not queue for the database's
write lock.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from typing import Any

from slack_bolt import Ack, BoltRequest, Respond
from slack_sdk import WebClient

from bot.commands.execute import unexpected
from bot.services import Services
from bot.slack.blocks.replies import build_reply
from bot.slack.response_urls import kept

log = logging.getLogger("bot.slack")

# The work of one request: its body, a client for the Web API, and its response_url.
Work = Callable[[dict[str, Any], WebClient, Respond], None]
# How many requests' reading (queries and rendering) runs at once in a process. Python runs one
# thread at a time: more threads wanting to run only make each wait longer, the threads that
# acknowledge included. Nothing that waits for Slack runs inside, so a slow Slack holds no turn.
WORK_AT_ONCE = 2


class Turns:
    """At most `n` holders at once, given in the order they asked: a turn freed goes straight
    to the longest waiter. (A semaphore lets a newcomer take a freed turn before the threads
    already waiting, and under load some of them wait far longer than the rest.)"""

    def __init__(self, n: int) -> None:
        self._free = n
        self._lock = threading.Lock()
        self._waiting: deque[threading.Event] = deque()

    def __enter__(self) -> None:
        with self._lock:
            if self._free and not self._waiting:
                self._free -= 1
                return
            turn = threading.Event()
            self._waiting.append(turn)
        turn.wait()

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            if self._waiting:
                self._waiting.popleft().set()
            else:
                self._free += 1

    @property
    def waiting(self) -> int:
        """How many wait for a turn now."""
        with self._lock:
            return len(self._waiting)


_working = Turns(WORK_AT_ONCE)


def acknowledge(ack: Ack) -> None:
    ack()


def later(
    where: str,
    services: Services,
    work: Work,
    *,
    pool: Executor | None = None,
    reads_only: Callable[[dict[str, Any]], bool] = lambda body: False,
    refused: Callable[[dict[str, Any]], bool] = lambda body: False,
) -> Callable[..., None]:
    """The lazy function for `work`: once per delivery, errors answered with a reference.

    With `pool`, the work runs there instead of on the listener pool (long imports keep to
    threads of their own). `reads_only(body)` says the work changes nothing. `refused(body)`
    says the acknowledgement refused it (a form's errors shown under its fields): bolt runs the
    lazy function all the same, and it then does nothing at all, not even claim the request.
    """

    def run(
        request: BoltRequest, body: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        if refused(body):
            return
        respond = kept(respond)
        key = delivery_key(request, body)
        try:
            if key is not None and not (
                services.inbound.first_here(key)
                if reads_only(body)
                else services.inbound.first_delivery(key)
            ):
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


@contextmanager
def working() -> Iterator[None]:
    """Around a request's own work: wait for a turn among the `WORK_AT_ONCE`."""
    with _working:
        yield


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
