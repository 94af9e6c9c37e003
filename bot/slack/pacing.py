"""Web API calls paced to Slack's documented rate limits, for every thread of the process.

Slack limits most methods per minute per workspace (users.info tier 4, 100 a minute;
conversations.open and conversations.history tier 3, 50 a minute) and chat.postMessage to one
message a second per channel, and answers 429 with Retry-After beyond that. A `Pacer` keeps, for
each method and each channel posted to, the moments its recent calls were answered, and makes a
call wait until one more would stay within the limit. A call counts from its answer, not its
start, so whatever order calls reach Slack in, no window at Slack's end holds more than the limit.

A DM is posted to by the user's id (Slack posts it to the app's DM with them) and read by its
D… id. Both name one channel at Slack's end, so they share one budget: the pacer learns the D…
id from the answers of chat.postMessage and conversations.open and counts it under the user id.

A 429 still comes when something else spends the same budget (another process with the same
token): `PacedRateLimitRetryHandler` then pauses that method for Retry-After, for every thread,
and retries. A 429 means Slack did nothing, so the retry cannot post twice.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web import SlackResponse

from bot.stopping import SendingStopped

log = logging.getLogger(__name__)

# Calls a minute, per method per workspace, at the documented floor of each method's tier.
PER_MINUTE = {
    "users.info": 100,
    "conversations.open": 50,
    "conversations.history": 50,
    "conversations.info": 50,
    "users.list": 20,
    "usergroups.users.list": 20,
}
# Calls a second, per method per channel.
PER_CHANNEL_SECOND = {"chat.postMessage": 1}


@dataclass(frozen=True)
class Limits:
    """The limits, and how long their minute and second last (shorter in tests and benches)."""

    per_minute: Mapping[str, int] = field(default_factory=lambda: dict(PER_MINUTE))
    per_channel_second: Mapping[str, int] = field(default_factory=lambda: dict(PER_CHANNEL_SECOND))
    minute: float = 60.0

    @property
    def second(self) -> float:
        return self.minute / 60


@dataclass
class _Window:
    answered: deque[float] = field(default_factory=deque)  # when recent calls were answered
    busy: int = 0  # calls under way


class Pacer:
    """Budgets per method and per channel, shared by the threads that call through it."""

    def __init__(
        self, limits: Limits | None = None, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limits = limits or Limits()
        self._clock = clock
        self._changed = threading.Condition()
        self._windows: dict[tuple[str, str], _Window] = {}
        self._paused: dict[str, float] = {}
        self._dm_user: dict[str, str] = {}  # a DM's D… id: the user id its budget is kept under
        self.waited = 0.0  # seconds callers spent waiting, in all
        self.pauses = 0  # 429s met
        self._stopped = False  # the process is stopping: a call still waiting is not made

    def __deepcopy__(self, memo: dict[int, Any]) -> Pacer:
        # bolt copies the client for each request: the copies share the budgets.
        return self

    @contextmanager
    def call(self, method: str, channel: str | None = None) -> Iterator[None]:
        """Wait until a call of `method` (to `channel`) keeps within the limits, then make it."""
        budgets = self._budgets(method, channel)
        self._enter(method, budgets)
        try:
            yield
        finally:
            with self._changed:
                now = self._clock()
                for key, _, _ in budgets:
                    window = self._windows[key]
                    window.busy -= 1
                    window.answered.append(now)
                self._changed.notify_all()

    def pause(self, method: str, seconds: float) -> None:
        """Slack said to wait: no thread starts a call of `method` for `seconds`."""
        with self._changed:
            self.pauses += 1
            until = self._clock() + seconds
            self._paused[method] = max(self._paused.get(method, 0.0), until)

    def same_channel(self, user_id: str, dm_id: str) -> None:
        """`dm_id` is the DM that posts to `user_id` land in: count both as one channel."""
        with self._changed:
            if self._dm_user.get(dm_id) == user_id:
                return
            self._dm_user[dm_id] = user_id
            # Posts the DM's id already answered count against the user id from now on.
            for (method, channel), window in list(self._windows.items()):
                if channel == dm_id:
                    merged = self._windows.setdefault((method, user_id), _Window())
                    merged.answered = deque(sorted([*merged.answered, *window.answered]))
                    window.answered.clear()
            self._changed.notify_all()

    def stop(self) -> None:
        """The process is stopping: every call waiting for its turn, now or later, raises
        `SendingStopped` instead of being made."""
        with self._changed:
            self._stopped = True
            self._changed.notify_all()

    def wait_out_pause(self, method: str) -> None:
        with self._changed:
            while (left := self._paused.get(method, 0.0) - self._clock()) > 0:
                if self._stopped:
                    raise SendingStopped
                self._changed.wait(left)

    def _budgets(
        self, method: str, channel: str | None
    ) -> list[tuple[tuple[str, str], int, float]]:
        limits = self.limits
        budgets = []
        if method in limits.per_minute:
            budgets.append(((method, ""), limits.per_minute[method], limits.minute))
        if channel and method in limits.per_channel_second:
            channel = self._dm_user.get(channel, channel)
            budgets.append(((method, channel), limits.per_channel_second[method], limits.second))
        return budgets

    def _enter(self, method: str, budgets: list[tuple[tuple[str, str], int, float]]) -> None:
        started = self._clock()
        with self._changed:
            while True:
                now = self._clock()
                wait = self._paused.get(method, 0.0) - now
                for key, limit, length in budgets:
                    window = self._windows.setdefault(key, _Window())
                    while window.answered and window.answered[0] <= now - length:
                        window.answered.popleft()
                    if len(window.answered) + window.busy >= limit:
                        # Full: wait for the oldest answer to leave the window, or for a call
                        # under way to be answered.
                        free_at = window.answered[0] + length if window.answered else math.inf
                        wait = max(wait, free_at - now)
                if wait <= 0:
                    break
                if self._stopped:  # stop() wakes every waiter
                    raise SendingStopped
                self._changed.wait(None if wait == math.inf else wait)
            for key, _, _ in budgets:
                self._windows[key].busy += 1
            self.waited += self._clock() - started
            if len(self._windows) > 10_000:
                self._forget_quiet(now)

    def _forget_quiet(self, now: float) -> None:
        """Drop channels' windows with nothing in them any more."""
        second = self.limits.second
        for key in [
            k
            for k, w in self._windows.items()
            if not w.busy and (not w.answered or w.answered[-1] <= now - max(second, 1.0))
        ]:
            del self._windows[key]


class PacedWebClient(WebClient):
    """A WebClient whose every call goes through a `Pacer`."""

    def __init__(self, *, pacer: Pacer, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.pacer = pacer

    def api_call(
        self,
        api_method: str,
        *,
        http_verb: str = "POST",
        files: dict[Any, Any] | None = None,
        data: dict[Any, Any] | None = None,
        params: dict[Any, Any] | None = None,
        json: dict[Any, Any] | None = None,
        headers: dict[Any, Any] | None = None,
        auth: dict[Any, Any] | None = None,
    ) -> SlackResponse:
        channel = next(
            (str(a["channel"]) for a in (json, params, data) if a and "channel" in a), None
        )
        with self.pacer.call(api_method, channel):
            answer = super().api_call(
                api_method,
                http_verb=http_verb,
                files=files,
                data=data,
                params=params,
                json=json,
                headers=headers,
                auth=auth,
            )
        self._learn_dm(api_method, channel, (json, params, data), answer)
        return answer

    def _learn_dm(
        self,
        method: str,
        channel: str | None,
        sent: tuple[dict[Any, Any] | None, ...],
        answer: SlackResponse,
    ) -> None:
        """Tell the pacer which DM a user id's posts land in, from an answer that names both."""
        if method == "chat.postMessage" and channel and is_user_id(channel):
            user, dm = channel, answer.get("channel")
        elif method == "conversations.open":
            users = next((str(a["users"]) for a in sent if a and "users" in a), "")
            user, dm = users, (answer.get("channel") or {}).get("id")
        else:
            return
        if is_user_id(user) and "," not in user and isinstance(dm, str) and dm.startswith("D"):
            self.pacer.same_channel(user, dm)


class PacedRateLimitRetryHandler(RateLimitErrorRetryHandler):
    """On a 429, pauses the method for Retry-After for every thread of the pacer, then retries."""

    def __init__(self, pacer: Pacer, max_retry_count: int = 3) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self._pacer = pacer

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        if response is None:
            raise error or RuntimeError("a 429 without a response")
        method = request.url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
        seconds = retry_after(response.headers)
        log.warning("Slack asked to wait %.1f s before calling %s again", seconds, method)
        self._pacer.pause(method, seconds)
        self._pacer.wait_out_pause(method)
        state.next_attempt_requested = True
        state.increment_current_attempt()


def is_user_id(channel: str) -> bool:
    """A user id (U…, or W… on Enterprise Grid) rather than a conversation's id."""
    return channel[:1] in ("U", "W")


def retry_after(headers: Mapping[str, Any]) -> float:
    """Seconds from a Retry-After header (a number of seconds); 1 when absent or unreadable."""
    for name, value in headers.items():
        if name.lower() == "retry-after":
            text = value[0] if isinstance(value, list) and value else value
            try:
                return max(0.0, float(str(text)))
            except ValueError:
                break
    return 1.0


_shared: dict[tuple[str, str | None], Pacer] = {}
_shared_lock = threading.Lock()


def shared_pacer(base_url: str, token: str | None) -> Pacer:
    """The process's one pacer for a workspace's API, with Slack's real limits."""
    with _shared_lock:
        return _shared.setdefault((base_url, token), Pacer())
