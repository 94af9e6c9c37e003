"""What a full garbage collection costs a web worker, with and without its start-up objects.

    python bench/collector.py             # 10 collections each way
    python bench/collector.py --quick     # 3: a smoke run for CI

It builds a web worker's app as gunicorn's worker does (`bot.web.build_web_app`, on a new
SQLite database), then times full collections (CPU, median) twice: with what the worker built
at start handed back to the collector, and as the worker leaves it (`keep_what_started`). A
full collection holds every thread of the worker while it runs.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT))


def full_collections(times: int) -> tuple[int, float]:
    """Objects the collector tracks, and the median CPU ms of a full collection."""
    spent = []
    for _ in range(times):
        started = time.process_time()
        gc.collect()
        spent.append((time.process_time() - started) * 1000)
    return len(gc.get_objects()), statistics.median(spent)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 collections each way")
    args = parser.parse_args()
    times = 3 if args.quick else 10
    with tempfile.TemporaryDirectory() as folder:
        os.environ.update(
            {
                "DATABASE_URL": f"sqlite:///{folder}/actionbot.db",
                "SLACK_BOT_TOKEN": "xoxb-bench",
                "SLACK_SIGNING_SECRET": "bench-signing-secret",
            }
        )
        os.environ.pop("SLACK_APP_TOKEN", None)
        from bot.config import Settings
        from bot.db.migrate import upgrade
        from bot.db.session import make_engine
        from bot.startup import keep_what_started
        from bot.web import build_web_app

        settings = Settings()
        upgrade(make_engine(settings.database_url.get_secret_value()))
        build_web_app(settings)
        kept = gc.get_freeze_count()
        gc.unfreeze()
        walked, before = full_collections(times)
        keep_what_started()
        left, after = full_collections(times)
    print(f"a built web worker, full collections (median CPU of {times})")
    print(f"  start-up objects walked    {walked:>8,} objects {before:8.1f} ms")
    print(f"  start-up objects kept out  {left:>8,} objects {after:8.1f} ms")
    assert kept > 50_000 and left < walked / 50, (kept, walked, left)
    return 0


if __name__ == "__main__":
    sys.exit(main())
