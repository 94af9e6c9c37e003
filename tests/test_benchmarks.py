"""Every benchmark script still runs: each one's --quick mode, in a fresh process.

Nothing here is timed. A benchmark checks its own results (every reply received, every
reminder delivered once, the right rows written) and exits non-zero when one is wrong; this
test only keeps the scripts working as the code changes. The figures come from full runs,
recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
SCRIPTS = sorted(
    path.name for path in BENCH.glob("*.py") if '\nif __name__ == "__main__":' in path.read_text()
)


def test_every_script_is_listed_in_the_bench_readme():
    readme = (BENCH / "README.md").read_text()
    assert SCRIPTS and all(f"bench/{name}" in readme for name in SCRIPTS)


@pytest.mark.parametrize("name", SCRIPTS)
def test_quick_mode_runs_and_its_results_hold(name):
    done = subprocess.run(
        [sys.executable, str(BENCH / name), "--quick"],
        cwd=BENCH.parent,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
