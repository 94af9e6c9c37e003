"""Slash-command latency, end to end, beside a bare bolt app, in one run.

    python bench/latency.py                     # SQLite, 100,000 actions, 1,000 requests a command
    python bench/latency.py --database postgresql+psycopg://postgres@127.0.0.1:5432/postgres
    python bench/latency.py --quick             # 2,000 actions, 60 requests: seconds, for CI

What runs: the bot as `actionbot run` starts it by default (its web server, gunicorn gthread
with 2 workers of 8 threads, and its scheduler) on a database of realistic stored actions
(bench/board_data.py); and, served by gunicorn the same
way, a bolt app that only acknowledges ("bare") and one that acknowledges and answers at the
response_url ("bare+respond"). A fake Slack on loopback stands in for the Web API and the
response URLs. 20 clients send signed /actions requests, each waiting for its answer at the
response_url before sending the next.

Measured per request: the acknowledgement (the HTTP answer to Slack's request) and the reply
(when the answer reached the response_url), both from the moment the request was sent; and the
CPU time each request cost the server (all its processes), the load (this process: the clients
and the fake Slack) and the rest of the machine (the database server, mostly). Then the same
with Slack answering every call after 2 s (the bot's listener threads are all stuck in Slack;
the clients wait only for the acknowledgement). Finally the resident memory of each of the
bot's web workers.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import hmac
import http.client
import itertools
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
# Appended, not put first: the code measured is the one installed for the Python running this
# script (run another checkout's Python from that checkout to measure it).
sys.path.append(str(ROOT))

from bench.board_data import SECRETARY, Stored, seed, settle_reminders  # noqa: E402
from bench.databases import scratch_database  # noqa: E402
from bot.db.migrate import upgrade  # noqa: E402
from bot.db.session import make_engine  # noqa: E402

SECRET = "bench-signing-secret"
LONDON = ZoneInfo("Europe/London")
# What the bot's answers say when it could not do the work.
FAILURE_SIGNS = (b"Something went wrong", b"not answering just now")


class _Server(ThreadingHTTPServer):
    # Slack's side takes every connection: a short listen queue would drop a burst of them, and
    # each dropped one would wait a second to try again.
    request_queue_size = 1024
    daemon_threads = True


class FakeSlack:
    """The Web API (every call answered ok) and the response URLs, with an optional delay."""

    def __init__(self) -> None:
        self.delay = 0.0
        self._waiting: dict[str, tuple[threading.Event, list[float]]] = {}
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                data = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                arrived = time.perf_counter()
                if fake.delay:
                    time.sleep(fake.delay)
                if self.path.startswith("/hooks/"):
                    # An answer that reports an error of the bot's counts as no answer.
                    failed = any(sign in data for sign in FAILURE_SIGNS)
                    fake._arrived(self.path.removeprefix("/hooks/"), arrived, failed)
                    body = b"ok"
                else:
                    answer = {"ok": True, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T1"}
                    body = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self._server = _Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def expect(self, key: str) -> tuple[threading.Event, list[float]]:
        waiting = (threading.Event(), [])
        with self._lock:
            self._waiting[key] = waiting
        return waiting

    def _arrived(self, key: str, at: float, failed: bool) -> None:
        with self._lock:
            waiting = self._waiting.pop(key, None)
        if waiting is not None:
            if not failed:
                waiting[1].append(at)
            waiting[0].set()


@dataclass
class Result:
    acks: list[float] = field(default_factory=list)
    replies: list[float] = field(default_factory=list)
    failures: int = 0
    seconds: float = 0.0
    # CPU seconds spent during the run by the server's processes, by this process (the clients
    # and the fake Slack) and by everything else on the machine (the database server, mostly).
    cpu: tuple[float, float, float] = (0.0, 0.0, 0.0)

    def row(self, name: str) -> str:
        ack = _ms(self.acks)
        reply = _ms(self.replies)
        rps = len(self.acks) / self.seconds if self.seconds else 0.0
        served = len(self.acks) or 1
        cpu = " / ".join(f"{seconds * 1000 / served:.1f}" for seconds in self.cpu)
        return (
            f"| {name} | {ack[0]} / {ack[1]} | {reply[0]} / {reply[1]} "
            f"| {rps:,.0f} | {cpu} | {self.failures} |"
        )


def _ms(values: list[float]) -> tuple[str, str]:
    if not values:
        return ("—", "—")
    ordered = sorted(values)
    p50 = ordered[len(ordered) // 2]
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return (f"{p50 * 1000:,.1f}", f"{p99 * 1000:,.1f}")


def p50(values: list[float]) -> float:
    return sorted(values)[len(values) // 2] if values else float("nan")


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))] if values else 0.0


def signed(body: str) -> dict[str, str]:
    stamp = str(int(time.time()))
    mac = hmac.new(SECRET.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256)
    return {
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": "v0=" + mac.hexdigest(),
        "Content-Type": "application/x-www-form-urlencoded",
    }


def command_body(text: str, user: str, response_url: str) -> str:
    return urlencode(
        {
            "token": "legacy",
            "team_id": "T1",
            "team_domain": "bench",
            "channel_id": "C1",
            "user_id": user,
            "command": "/actions",
            "text": text,
            "response_url": response_url,
            "trigger_id": f"{uuid.uuid4().int % 10**12}.1.x",
        }
    )


def load(
    port: int,
    slack: FakeSlack,
    commands: Callable[[int], tuple[str, str]],
    *,
    requests: int,
    clients: int,
    wait_reply: bool,
    server: int | None = None,
) -> Result:
    """`clients` threads send `requests` commands in all; `commands(n)` gives (text, user).
    With `server` (its pid), the CPU time it, this process and the rest of the machine spent."""
    result = Result()
    counter = itertools.count()
    lock = threading.Lock()

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while (n := next(counter)) < requests:
            text_, user = commands(n)
            key = uuid.uuid4().hex
            done, arrived = slack.expect(key)
            body = command_body(text_, user, f"{slack.url}/hooks/{key}")
            started = time.perf_counter()
            try:
                conn.request("POST", "/slack/events", body=body, headers=signed(body))
                answer = conn.getresponse()
                answer.read()
                acked = time.perf_counter()
                ok = answer.status == 200
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                ok = False
                acked = time.perf_counter()
            replied = None
            if ok and wait_reply:
                replied = arrived[0] if done.wait(timeout=30) and arrived else None
                ok = replied is not None
            with lock:
                if not ok:
                    result.failures += 1
                    continue
                result.acks.append(acked - started)
                if replied is not None:
                    result.replies.append(replied - started)
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    before = cpu_seconds(server) if server else None
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - began
    if before is not None and server:
        served, here, machine = (b - a for a, b in zip(before, cpu_seconds(server), strict=True))
        result.cpu = (served, here, max(0.0, machine - served - here))
    return result


def cpu_seconds(root: int) -> tuple[float, float, float]:
    """CPU seconds so far: of `root` and the processes under it, of this process, and of the
    whole machine (all cores, from /proc/stat)."""
    tick = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    used: dict[int, float] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        used[pid] = (int(fields[11]) + int(fields[12])) / tick
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    served = sum(used.get(pid, 0.0) for pid in tree)
    times = os.times()
    machine = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    busy = sum(int(n) for i, n in enumerate(machine) if i not in (3, 4, 8, 9)) / tick
    return served, times.user + times.system, busy


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(
    argv: list[str], env: dict[str, str | None], port: int, cwd: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """Start a server in `cwd` (`env` entries set to None are removed); wait until it answers."""
    environment = {**os.environ, **env}
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed below, after the server stops)
    process = subprocess.Popen(
        argv,
        env={k: v for k, v in environment.items() if v is not None},
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=log,
        start_new_session=True,
    )
    try:
        _wait_until_answering(port, process, log)
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.seek(0)
        lines = [line for line in log.read().decode(errors="replace").splitlines() if line]
        if lines:
            print(f"{argv[-1]} logged {len(lines)} line(s); the last:", *lines[-5:], sep="\n  ")
        log.close()


def _wait_until_answering(port: int, process: subprocess.Popen[bytes], log: IO[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            error = log.read().decode(errors="replace")
            raise SystemExit(f"the server stopped at start:\n{error[-3000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/readyz")
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server did not answer within 60 s")


def workers_rss_mb(root: int) -> list[float]:
    """The resident memory of each gunicorn worker under `root`: a `bot.web` process whose
    parent is one too (the master)."""
    processes: dict[int, tuple[int, str, float]] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            fields = dict(
                line.split(":", 1)
                for line in (entry / "status").read_text().splitlines()
                if ":" in line
            )
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        rss = int(fields.get("VmRSS", "0 kB").split()[0]) / 1024
        processes[int(entry.name)] = (int(fields["PPid"]), command, rss)
    return sorted(
        rss
        for parent, command, rss in processes.values()
        if "bot.web" in command and "bot.web" in processes.get(parent, (0, "", 0))[1]
    )


def scenarios(stored: Stored, rng: random.Random) -> dict[str, Callable[[int], tuple[str, str]]]:
    busy = stored.lead_names[:20]
    return {
        "list": lambda n: ("list", SECRETARY),
        "show": lambda n: (f"show {rng.randint(1, stored.actions)}", SECRETARY),
        "list mine": lambda n: ("list mine", stored.lead_users[n % 20]),
        "list overdue lead:X": lambda n: (f'list overdue lead:"{busy[n % 20]}"', SECRETARY),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actions", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=1_000, help="per command")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--slow", type=float, default=2.0, help="Slack's delay, seconds")
    parser.add_argument("--database", help="a PostgreSQL server URL (default: SQLite)")
    parser.add_argument("--quick", action="store_true", help="small and fast, for CI")
    args = parser.parse_args()
    if args.quick:
        args.actions, args.requests, args.clients, args.slow = 2_000, 60, 5, 0.5
    rng = random.Random(11)
    slack = FakeSlack()
    python = sys.executable
    with scratch_database(args.database) as url:
        engine = make_engine(url)
        upgrade(engine)
        began = time.perf_counter()
        stored = seed(engine, args.actions)
        engine.dispose()
        # The bot's reminders go out twelve hours from now, so that no morning's reminders fall
        # in the run whatever the hour; what was due before now is sent before the bot starts.
        quiet = (datetime.now(UTC) + timedelta(hours=12)).astimezone(LONDON).strftime("%H:00")
        settled = settle_reminders(url, datetime.now(UTC), quiet)
        print(
            f"{engine.dialect.name}: {args.actions:,} actions stored in "
            f"{time.perf_counter() - began:.1f} s, {settled:,} reminders already sent; "
            f"{args.clients} clients, "
            f"{args.requests:,} requests a command\n"
        )
        bot_env: dict[str, str | None] = {
            "DATABASE_URL": url,
            "SLACK_BOT_TOKEN": "xoxb-bench",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_APP_TOKEN": None,  # over HTTP
            "SLACK_API_URL": slack.url + "/api/",
            "SLACK_HOOKS_URL": slack.url + "/",
            "SECRETARY_USER_IDS": SECRETARY,
            "TIMEZONE": "Europe/London",
            "REMINDER_TIME": quiet,
            "LOG_LEVEL": "WARNING",
            "WEB_WORKERS": "2",
            "WEB_THREADS": "8",
        }
        table = [
            "| server, command | ack p50 / p99 ms | reply p50 / p99 ms | req/s "
            "| CPU ms a request: server / load / rest | failed |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        summary: dict[str, Result] = {}
        for mode in ("ack", "respond"):
            port = free_port()
            env: dict[str, str | None] = {
                "BENCH_MODE": mode,
                "BENCH_SECRET": SECRET,
                "BENCH_API_URL": slack.url + "/api/",
            }
            argv = [
                python,
                "-m",
                "gunicorn",
                "-k",
                "gthread",
                "-w",
                "2",
                "--threads",
                "8",
                "-b",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "bench.bare_app:app",
            ]
            with serving(argv, env, port, ROOT) as bare_server:
                name = "bare" if mode == "ack" else "bare+respond"
                load(
                    port,
                    slack,
                    lambda n: ("list", SECRETARY),
                    requests=50,
                    clients=args.clients,
                    wait_reply=mode == "respond",
                )
                result = load(
                    port,
                    slack,
                    lambda n: ("list", SECRETARY),
                    requests=args.requests,
                    clients=args.clients,
                    wait_reply=mode == "respond",
                    server=bare_server.pid,
                )
                summary[name] = result
                table.append(result.row(name))
                slack.delay = args.slow
                slow = load(
                    port,
                    slack,
                    lambda n: ("list", SECRETARY),
                    requests=args.requests // 2,
                    clients=args.clients,
                    wait_reply=False,
                    server=bare_server.pid,
                )
                slack.delay = 0.0
                summary[f"{name}, slow Slack"] = slow
                table.append(slow.row(f"{name}, Slack answering after {args.slow:g} s"))
        port = free_port()
        rss: list[float] = []
        # The bot runs where this was started: the code measured is that of the Python running
        # this script (its installed `actionbot`), not whatever lies beside the script.
        actionbot = [str(Path(python).with_name("actionbot")), "run"]
        with serving(actionbot, {**bot_env, "PORT": str(port)}, port, Path.cwd()) as web:
            questions = scenarios(stored, rng)
            for name, commands in questions.items():
                # A running bot has met each kind of request before: its queries compiled, its
                # pages cached. The first of each are not what a user meets.
                load(port, slack, commands, requests=50, clients=args.clients, wait_reply=True)
                result = load(
                    port,
                    slack,
                    commands,
                    requests=args.requests,
                    clients=args.clients,
                    wait_reply=True,
                    server=web.pid,
                )
                summary[f"bot {name}"] = result
                table.append(result.row(f"bot `{name}`"))
            rss = workers_rss_mb(web.pid)
            slack.delay = args.slow
            slow = load(
                port,
                slack,
                questions["list"],
                requests=args.requests // 2,
                clients=args.clients,
                wait_reply=False,
                server=web.pid,
            )
            summary["bot, slow Slack"] = slow
            table.append(slow.row(f"bot `list`, Slack answering after {args.slow:g} s"))
            slack.delay = 0.0
    print("\n".join(table))
    bare = summary["bare"]
    print(f"\nweb workers' RSS after the run: {', '.join(f'{m:.0f} MB' for m in rss)}")
    worst = max(p99(r.acks) for k, r in summary.items() if k.startswith("bot ") and "slow" not in k)
    ratio = max(
        p50(r.acks) / p50(bare.acks)
        for k, r in summary.items()
        if k.startswith("bot ") and "slow" not in k
    )
    print(
        f"bot ack p99, worst command: {worst * 1000:.1f} ms; "
        f"ack p50 against bare, worst command: {ratio:.2f}x; "
        f"ack p99 with a slow Slack: {p99(summary['bot, slow Slack'].acks) * 1000:.1f} ms"
    )
    failed = sum(r.failures for k, r in summary.items() if k.startswith("bot"))
    if failed:
        print(f"{failed} request(s) to the bot failed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
