"""A built web worker leaves what it built at start out of the garbage collector's walks.

A full collection walks every object the collector tracks and holds every request in flight
while it does; after start, a worker's collections have only what its requests leave behind.
"""

from __future__ import annotations

import os
import subprocess
import sys

from tests.runtime.bot_process import SECRET

WORKER = """
import gc
from bot.config import Settings
from bot.db.migrate import upgrade
from bot.db.session import make_engine
from bot.web import build_web_app

settings = Settings()
upgrade(make_engine(settings.database_url.get_secret_value()))
before = len(gc.get_objects())
app = build_web_app(settings)
print(before, len(gc.get_objects()), gc.get_freeze_count())
"""


def test_a_built_worker_leaves_its_start_up_objects_to_itself(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'actionbot.db'}",
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SECRET,
    }
    env.pop("SLACK_APP_TOKEN", None)
    done = subprocess.run(
        [sys.executable, "-c", WORKER],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    before, tracked, frozen = map(int, done.stdout.split())
    # Tens of thousands of objects built at start (modules, mappers, the app) ...
    assert before > 50_000 and frozen > before
    # ... none of which a collection walks again.
    assert tracked < 1_000
