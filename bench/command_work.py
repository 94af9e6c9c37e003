"""The bot's own work for each slash command the latency benchmark sends, alone in one process.

    python bench/command_work.py                 # SQLite, 100,000 actions, 500 of each command
    python bench/command_work.py --database postgresql+psycopg://postgres@127.0.0.1:5432/postgres
    python bench/command_work.py --quick         # 2,000 actions, 40 of each: seconds, for CI

What runs: the command layer as a lazy listener runs it (`execute`, then the Slack reply built
with `build_reply`), one request at a time in one thread, on the stored actions that
bench/latency.py uses. No HTTP, no bolt, no other process: this is the part of a reply's time
that is the bot's own queries and rendering, the part that bench/latency.py shows mixed with
the web server's, the load's and the machine's. Each reply must be a list or a card (a refusal
or an error fails the run).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT))

from bench.board_data import SECRETARY, seed  # noqa: E402
from bench.databases import scratch_database  # noqa: E402
from bot.commands import Context  # noqa: E402
from bot.commands.execute import execute  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.db.migrate import upgrade  # noqa: E402
from bot.db.session import make_engine  # noqa: E402
from bot.services import build_services  # noqa: E402
from bot.slack.blocks.replies import build_reply  # noqa: E402

# What a reply that is not a list or a card says.
FAILURE_SIGNS = ("Something went wrong", "not answering just now", "There is no", "No lead")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actions", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=500, help="per command")
    parser.add_argument("--database", help="a PostgreSQL server URL (default: SQLite)")
    parser.add_argument("--quick", action="store_true", help="small and fast, for CI")
    args = parser.parse_args()
    if args.quick:
        args.actions, args.requests = 2_000, 40
    rng = random.Random(11)
    with scratch_database(args.database) as url:
        engine = make_engine(url)
        upgrade(engine)
        stored = seed(engine, args.actions)
        engine.dispose()
        settings = Settings(
            _env_file=None,
            database_url=url,
            secretary_user_ids=[SECRETARY],
            timezone="Europe/London",
        )
        services = build_services(settings, migrate=False)
        busy = stored.lead_names[:20]
        commands: dict[str, Callable[[int], tuple[str, str]]] = {
            "list": lambda n: ("list", SECRETARY),
            "show": lambda n: (f"show {rng.randint(1, stored.actions)}", SECRETARY),
            "list mine": lambda n: ("list mine", stored.lead_users[n % 20]),
            "list overdue lead:X": lambda n: (f'list overdue lead:"{busy[n % 20]}"', SECRETARY),
        }
        print(
            f"{engine.dialect.name}: {args.actions:,} actions, "
            f"{args.requests:,} of each command after 30 to warm up\n"
        )
        print("| command | mean ms | p50 ms | p99 ms |\n|---|---:|---:|---:|")
        failed = 0
        for name, command in commands.items():
            for n in range(30):
                text_, user = command(n)
                build_reply(execute(text_, Context(user, services)))
            times = []
            for n in range(args.requests):
                text_, user = command(n)
                started = time.perf_counter()
                reply = build_reply(execute(text_, Context(user, services)))
                times.append(time.perf_counter() - started)
                answer = str(reply)
                failed += any(sign in answer for sign in FAILURE_SIGNS)
            times.sort()
            p99 = times[min(len(times) - 1, round(0.99 * (len(times) - 1)))]
            print(
                f"| `{name}` | {sum(times) / len(times) * 1000:.2f} "
                f"| {times[len(times) // 2] * 1000:.2f} | {p99 * 1000:.2f} |"
            )
        services.engine.dispose()
    if failed:
        print(f"\n{failed} command(s) were refused or failed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
