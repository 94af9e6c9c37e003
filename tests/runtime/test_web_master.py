"""The web server's master process imports what its workers run before forking them, and that
import leaves nothing a fork must not copy: no thread, no open connection."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, os, sys, threading
from bot.web import _import_before_forking
_import_before_forking()
def target(fd):
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except FileNotFoundError:  # the listing's own descriptor, closed once read
        return ""
sockets = [fd for fd in os.listdir("/proc/self/fd") if target(fd).startswith("socket:")]
print(json.dumps({
    "threads": threading.active_count(),
    "sockets": len(sockets),
    "loaded": [m for m in ("slack_bolt", "bot.slack.http", "bot.slack.wiring") if m in sys.modules],
}))
"""


def test_the_master_imports_the_workers_code_without_threads_or_connections(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen == {
        "threads": 1,
        "sockets": 0,
        "loaded": ["slack_bolt", "bot.slack.http", "bot.slack.wiring"],
    }
