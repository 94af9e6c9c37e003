"""Time and memory of refusing hostile files, and of an import at the IMPORT_MAX_ROWS cap.

    python bench/hostile_imports.py            # every hostile file, and a 2,000-row import
    python bench/hostile_imports.py --quick    # smaller files, a 200-row import: seconds

Each file is read in a fresh Python process (the way one worker thread would meet it), so the
peak memory reported is that process's whole resident size (VmHWM), interpreter included.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.imports import hostile  # noqa: E402
from tests.imports.test_hostile_files import annex_csv  # noqa: E402

CHILD = r"""
import json, re, sys, time
from bot.imports.drafts import ImportFileError
from bot.imports.parse import parse_file
data = open(sys.argv[1], "rb").read()
start = time.perf_counter()
try:
    parse_file(data, "letter.docx")
    outcome = "ACCEPTED"
except ImportFileError as error:
    outcome = error.user_message.split(" I can import")[0].split(" An action letter")[0]
# VmHWM: this process's own peak resident memory (ru_maxrss would include the parent's).
peak_kb = int(re.search(r"VmHWM:\s+(\d+)", open("/proc/self/status").read()).group(1))
print(json.dumps({"seconds": time.perf_counter() - start, "outcome": outcome,
                  "peak_mb": peak_kb / 1024}))
"""


def refuse_each(quick: bool, folder: Path) -> list[dict]:
    results = []
    for name, make in hostile.HOSTILE.items():
        if quick and ("bomb" in name or "lie" in name):
            continue
        path = folder / "hostile.docx"
        path.write_bytes(make())
        run = subprocess.run(
            [sys.executable, "-c", CHILD, str(path)],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        result = json.loads(run.stdout)
        results.append({"file": name, "size_kb": path.stat().st_size // 1024, **result})
    return results


def import_at_cap(rows: int, folder: Path) -> float:
    (folder / "log.csv").write_bytes(annex_csv(rows))
    env = {"DATABASE_URL": f"sqlite:///{folder / 'bench.db'}", "PATH": "/usr/bin:/bin"}
    subprocess.run(
        [sys.executable, "-m", "bot", "db", "upgrade"],
        cwd=folder,
        env=env,
        check=True,
        capture_output=True,
    )
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "bot", "import", "log.csv", "--board", "PROB", "--new-board"],
        cwd=folder,
        env={**env, "PYTHONPATH": str(ROOT)},
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a few seconds, for CI")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        print("| Hostile file | Size | Outcome | Time | Peak memory |")
        print("|---|---:|---|---:|---:|")
        for r in refuse_each(args.quick, folder):
            print(
                f"| {r['file']} | {r['size_kb']:,} KB | {r['outcome']} | "
                f"{r['seconds']:.2f} s | {r['peak_mb']:.0f} MB |"
            )
        rows = 200 if args.quick else 2_000
        print(
            f"\nImport of {rows:,} rows from CSV, end to end (`actionbot import`): "
            f"{import_at_cap(rows, folder):.2f} s"
        )


if __name__ == "__main__":
    main()
