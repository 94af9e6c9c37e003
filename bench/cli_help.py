"""Time `actionbot --help` as a user meets it: a fresh process each run, the median shown.

    python bench/cli_help.py              # 20 runs
    python bench/cli_help.py --quick      # 5 runs: a smoke run for CI

It runs the `actionbot` script next to this Python (the virtual environment's), or
`python -m bot.cli` when there is none, and checks that each run printed the usage.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def command() -> list[str]:
    script = Path(sys.executable).parent / "actionbot"
    if script.exists():
        return [str(script)]
    found = shutil.which("actionbot")
    return [found] if found else [sys.executable, "-m", "bot.cli"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, help="fresh processes to time (default 20)")
    parser.add_argument("--quick", action="store_true", help="5 runs")
    args = parser.parse_args()
    runs = args.runs or (5 if args.quick else 20)
    argv = [*command(), "--help"]
    subprocess.run(argv, cwd=ROOT, capture_output=True, check=True)  # warm the file cache
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=True)
        times.append(time.perf_counter() - started)
        assert done.stdout.startswith("usage: actionbot"), done.stdout[:200]
    print(f"{Path(argv[0]).name} --help, {runs} fresh processes")
    print(f"  {'median':<8} {statistics.median(times) * 1000:6.0f} ms")
    print(f"  {'fastest':<8} {min(times) * 1000:6.0f} ms")
    print(f"  {'slowest':<8} {max(times) * 1000:6.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
