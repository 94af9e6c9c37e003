"""A fake Slack Web API on loopback: records every call and answers like Slack would.

A user's DM with the bot is "D" + their user id: conversations.open answers it, and
chat.postMessage to the user id posts there and answers with it, as Slack does for a bot token.
`FakeSlack.landed_in(call)` tells where a post went, whichever way it was addressed.

With `tiers=Tiers(...)` it also enforces Slack's documented rate limits
(https://docs.slack.dev/apis/web-api/rate-limits): at most so many calls of a method in any
"minute" per workspace, and one chat.postMessage a "second" per channel, answering 429 with
Retry-After (whole seconds, as Slack sends it) beyond that. A "minute" can be made shorter so
that tests and benches run in seconds; how the limits compare with each other stays the same.
"""

from __future__ import annotations

import contextlib
import json
import math
import socket
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse


class _Server(ThreadingHTTPServer):
    # Slack takes every connection. With the default listen queue of 5, a burst of replies (40
    # commands answered at once as a bot starts) has some connections reset, and slack_sdk
    # logs an ERROR before its retry succeeds.
    request_queue_size = 1024
    daemon_threads = True


@dataclass
class Call:
    method: str  # "chat.postMessage", or "response_url" for posts to a response URL
    path: str
    args: dict[str, Any]
    headers: dict[str, str]
    body: bytes = b""
    status: int | None = None  # the HTTP status the fake answered with
    peer: tuple[str, int] = ("", 0)  # the caller's address: one per connection
    at: float = field(default_factory=time.monotonic)  # when it arrived (time.monotonic)


@dataclass
class Failure:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    after_post: bool = False  # the message is posted first, then the error is answered
    drop: bool = False  # the connection is closed without an answer


# Calls a minute per method per workspace, at the floor of each method's documented tier.
TIER_PER_MINUTE = {
    "users.info": 100,  # tier 4
    "conversations.open": 50,  # tier 3
    "conversations.history": 50,  # tier 3
    "conversations.info": 50,  # tier 3
    "users.list": 20,  # tier 2
    "usergroups.users.list": 20,  # tier 2
}
# chat.postMessage: about one message a second per channel.
PER_CHANNEL_SECOND = {"chat.postMessage": 1}


@dataclass(frozen=True)
class Tiers:
    """The limits the fake enforces, and how many real seconds its "minute" lasts."""

    minute: float = 60.0
    per_minute: Mapping[str, int] = field(default_factory=lambda: dict(TIER_PER_MINUTE))
    per_channel_second: Mapping[str, int] = field(default_factory=lambda: dict(PER_CHANNEL_SECOND))

    @property
    def second(self) -> float:
        return self.minute / 60

    def budgets(self, method: str, channel: str | None) -> list[tuple[tuple[str, str], int, float]]:
        found = []
        if method in self.per_minute:
            found.append(((method, ""), self.per_minute[method], self.minute))
        if channel and method in self.per_channel_second:
            found.append(((method, channel), self.per_channel_second[method], self.second))
        return found

    def least_time(self, answered: list[Call]) -> float:
        """The shortest time in which these calls could all be answered within the limits: n
        calls under a limit of k per window need (n - 1) // k whole windows between the first
        and the last."""
        counts: Counter[tuple[str, str]] = Counter()
        for call in answered:
            for key, _, _ in self.budgets(call.method, _channel_arg(call.args)):
                counts[key] += 1
        least = 0.0
        for (method, channel), n in counts.items():
            limit, length = (
                (self.per_channel_second[method], self.second)
                if channel
                else (self.per_minute[method], self.minute)
            )
            least = max(least, (n - 1) // limit * length)
        return least


class FakeSlack:
    """Start with `with FakeSlack() as slack:`; point the WebClient at `slack.api_url`."""

    def __init__(self, *, tiers: Tiers | None = None) -> None:
        self.tiers = tiers
        # When calls of each rate-limited method (and channel) were let through, oldest first.
        self._admitted: dict[tuple[str, str], deque[float]] = {}
        self.calls: list[Call] = []
        self.users: dict[str, dict[str, Any]] = {}
        # Messages in each channel, oldest first, as conversations.history would give them.
        self.posted: dict[str, list[dict[str, Any]]] = {}
        self._failures: dict[str, list[Failure]] = {}
        self._handlers: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {}
        self._delays: dict[str, float] = {}
        self._lock = threading.Lock()
        # The connections callers hold open.
        self._open: set[socket.socket] = set()
        self._server = _Server(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        return self.base_url + "/api/"

    def response_url(self, name: str = "cmd") -> str:
        return f"{self.base_url}/response/{name}"

    def __enter__(self) -> FakeSlack:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def add_user(
        self,
        user_id: str,
        *,
        tz: str = "Europe/London",
        deleted: bool = False,
        name: str | None = None,
    ) -> None:
        self.users[user_id] = {
            "id": user_id,
            "name": name or user_id.lower(),
            "tz": tz,
            "deleted": deleted,
            "real_name": name or user_id,
        }

    def fail_next(
        self,
        method: str,
        status: int,
        error: str = "internal_error",
        headers: dict[str, str] | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next `times` calls of `method` with an HTTP error."""
        with self._lock:
            self._failures.setdefault(method, []).extend(
                [Failure(status, {"ok": False, "error": error}, headers or {})] * times
            )

    def post_then_fail(
        self, status: int = 500, *, times: int = 1, method: str = "chat.postMessage"
    ) -> None:
        """Post the next `times` messages, then answer with an HTTP error all the same."""
        with self._lock:
            self._failures.setdefault(method, []).extend(
                [Failure(status, {"ok": False, "error": "internal_error"}, after_post=True)] * times
            )

    def post_then_drop(self, *, times: int = 1, method: str = "chat.postMessage") -> None:
        """Post the next `times` messages, then close the connection without an answer."""
        with self._lock:
            self._failures.setdefault(method, []).extend(
                [Failure(0, {}, after_post=True, drop=True)] * times
            )

    def close_idle_connections(self) -> int:
        """Close the connections callers keep open between requests, as a server does to idle
        ones; how many were open."""
        with self._lock:
            connections = list(self._open)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        return len(connections)

    def faults_left(self) -> int:
        """Injected failures not yet used by a call."""
        with self._lock:
            return sum(len(queue) for queue in self._failures.values())

    def messages_in(self, channel: str) -> list[dict[str, Any]]:
        return list(self.posted.get(channel, []))

    @staticmethod
    def landed_in(call: Call) -> str:
        """The channel a chat.postMessage call's message went to: the one named, or for a user
        id, that user's DM with the bot (the channel conversations.open answers for them)."""
        return landing_channel(str(call.args.get("channel")))

    def slow(self, method: str, seconds: float) -> None:
        """Answer every call of `method` `seconds` after it arrives."""
        self._delays[method] = seconds

    def on(self, method: str, handler: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
        self._handlers[method] = handler

    def called(self, method: str) -> list[Call]:
        return [c for c in list(self.calls) if c.method == method]

    def answered(self, method: str) -> list[Call]:
        """Calls of `method` that got a 200 answer (not an injected failure)."""
        return [c for c in self.called(method) if c.status == 200]

    def counts(self) -> Counter[str]:
        """Calls per method, whatever they were answered."""
        return Counter(c.method for c in list(self.calls))

    def rate_limited(self) -> Counter[str]:
        """Calls per method answered 429."""
        return Counter(c.method for c in list(self.calls) if c.status == 429)

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.called(method)
            if len(found) >= count:
                return found
            time.sleep(0.01)
        raise AssertionError(f"expected {count} {method} call(s), got {len(self.called(method))}")

    def _answer(self, call: Call) -> tuple[int, dict[str, Any], dict[str, str]]:
        if call.method in self._delays:
            time.sleep(self._delays[call.method])
        wait = self._over_limit(call) if self.tiers is not None else None
        if wait is not None:
            # Slack sends whole seconds.
            headers = {"Retry-After": str(max(1, math.ceil(wait)))}
            return 429, {"ok": False, "error": "ratelimited"}, headers
        with self._lock:
            queue = self._failures.get(call.method)
            failure = queue.pop(0) if queue else None
        if failure is not None:
            if failure.after_post:
                self._default(call)
            return failure.status, failure.body, failure.headers
        if call.method in self._handlers:
            return 200, self._handlers[call.method](call.args), {}
        return 200, self._default(call), {}

    def _over_limit(self, call: Call) -> float | None:
        """None when the call is within the limits (it is then counted), else seconds to wait."""
        assert self.tiers is not None
        budgets = self.tiers.budgets(call.method, _channel_arg(call.args))
        with self._lock:
            now = time.monotonic()
            wait = 0.0
            for key, limit, length in budgets:
                admitted = self._admitted.setdefault(key, deque())
                while admitted and admitted[0] <= now - length:
                    admitted.popleft()
                if len(admitted) >= limit:
                    wait = max(wait, admitted[0] + length - now)
            if wait > 0:
                return wait
            for key, _, _ in budgets:
                self._admitted[key].append(now)
        return None

    def _default(self, call: Call) -> dict[str, Any]:
        args = call.args
        if call.method == "auth.test":
            return {"ok": True, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T1"}
        if call.method == "conversations.open":
            # The DM a post to that user id lands in.
            user = str(args.get("users", "X")).split(",")[0]
            return {"ok": True, "channel": {"id": "D" + user}}
        if call.method == "chat.postMessage":
            return self._post(args)
        if call.method == "conversations.history":
            return self._history(args)
        if call.method == "chat.update":
            return self._update(args)
        if call.method == "users.info":
            user = self.users.get(str(args.get("user")))
            return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}
        if call.method == "files.getUploadURLExternal":
            return {"ok": True, "upload_url": f"{self.base_url}/upload/F1", "file_id": "F1"}
        if call.method == "files.completeUploadExternal":
            return {"ok": True, "files": [{"id": "F1", "title": args.get("files", "")}]}
        return {"ok": True}

    def _post(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = landing_channel(str(args.get("channel")))
        message = {
            "type": "message",
            "user": "UBOT",
            "bot_id": "BBOT",
            "text": args.get("text"),
            "ts": f"{time.time():.6f}",
            "metadata": _metadata(args.get("metadata")),
            "blocks": _blocks(args.get("blocks")),
        }
        with self._lock:
            self.posted.setdefault(channel, []).append(message)
        return {"ok": True, "channel": channel, "ts": message["ts"]}

    def _history(self, args: dict[str, Any]) -> dict[str, Any]:
        if _is_user(str(args.get("channel"))):  # a user id names no conversation to read
            return {"ok": False, "error": "channel_not_found"}
        limit = int(args.get("limit") or 100)
        with_metadata = str(args.get("include_all_metadata")).lower() in ("true", "1")
        latest = float(args["latest"]) if args.get("latest") else None
        with self._lock:
            newest_first = [
                m
                for m in reversed(self.posted.get(str(args.get("channel")), []))
                if latest is None or float(m["ts"]) <= latest
            ][:limit]
        messages = [
            m
            if with_metadata or not m["metadata"]
            else {k: v for k, v in m.items() if k != "metadata"}
            for m in newest_first
        ]
        return {"ok": True, "messages": messages, "has_more": False}

    def _update(self, args: dict[str, Any]) -> dict[str, Any]:
        """chat.update: the stored message takes the new text and blocks, as Slack shows it."""
        channel, ts = str(args.get("channel")), str(args.get("ts"))
        with self._lock:
            for message in self.posted.get(channel, []):
                if message["ts"] == ts:
                    message.update(text=args.get("text"), blocks=_blocks(args.get("blocks")))
                    return {"ok": True, "channel": channel, "ts": ts}
        return {"ok": False, "error": "message_not_found"}

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            # As Slack does, keep a connection open for the caller's next request (unless it
            # asks to close it, as urllib does).
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()
                with fake._lock:
                    fake._open.add(self.connection)

            def finish(self) -> None:
                with fake._lock:
                    fake._open.discard(self.connection)
                super().finish()

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                path = urlparse(self.path).path
                call = Call(
                    _method_of(path),
                    path,
                    _args(self.headers, body),
                    dict(self.headers.items()),
                    body,
                    peer=self.client_address[:2],
                )
                fake.calls.append(call)
                status, payload, headers = fake._answer(call)
                call.status = status
                if status == 0:  # a dropped connection: no answer at all
                    self.close_connection = True
                    return
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST

            def log_message(self, *args: object) -> None:
                pass

        return Handler


def _method_of(path: str) -> str:
    if path.startswith("/api/"):
        return path.removeprefix("/api/")
    if path.startswith("/response/"):
        return "response_url"
    if path.startswith("/upload/"):
        return "upload"
    return path


def landing_channel(channel: str) -> str:
    """Where a post to `channel` lands. As Slack does for a bot token, a post to a user id goes
    to the app's DM with that user, "D" + the user id here, and the answer names that channel."""
    return "D" + channel if _is_user(channel) else channel


def _is_user(channel: str) -> bool:
    return channel[:1] in ("U", "W")


def _channel_arg(args: dict[str, Any]) -> str | None:
    """The channel a call counts against: a post to a user id counts against their DM."""
    channel = args.get("channel")
    return landing_channel(str(channel)) if channel else None


def _args(headers: Any, body: bytes) -> dict[str, Any]:
    kind = headers.get("Content-Type", "")
    if "json" in kind:
        return json.loads(body or b"{}")
    if "x-www-form-urlencoded" in kind:
        try:
            text = body.decode()
        except UnicodeDecodeError:  # a file's raw bytes, as posted to an upload URL
            return {}
        return {k: v[0] for k, v in parse_qs(text).items()}
    return {}


def _metadata(value: Any) -> dict[str, Any] | None:
    if isinstance(value, str):
        value = json.loads(value) if value else None
    return value or None


def _blocks(value: Any) -> list[dict[str, Any]] | None:
    if isinstance(value, str):
        return json.loads(value) if value else None
    return value or None
