"""`actionbot run` as deployed by default (HTTP, scheduler on) starts healthy every time."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import BACKENDS, TempDatabase
from tests.fakes.signing import signature_headers, slash_command_body
from tests.fakes.slack_api import FakeSlack
from tests.runtime.bot_process import SECRET, bot_env, free_port, start_bot, stop

STARTS = 10
COMMANDS = 40


def _command(url: str, text: str, response_url: str, give_up_at: float) -> int:
    """Send one signed /actions, retrying while the port is not open yet; the HTTP status."""
    body = slash_command_body(text, user_id="USEC", response_url=response_url)
    while True:
        request = urllib.request.Request(
            url, data=body.encode(), method="POST", headers=signature_headers(SECRET, body)
        )
        try:
            with urllib.request.urlopen(request, timeout=3) as response:
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return exc.code
        except (ConnectionError, urllib.error.URLError):
            if time.monotonic() > give_up_at:
                raise
            time.sleep(0.02)


def _map_lead(database_url: str, cwd: Path) -> None:
    """The lead the commands name exists before the first start, as after any first day."""
    env = {**os.environ, "DATABASE_URL": database_url, "SECRETARY_USER_IDS": "USEC"}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "shell", "--as", "USEC"],
        cwd=cwd,
        env=env,
        input="/actions lead MPS <@ULEAD>\n",
        text=True,
        capture_output=True,
        timeout=60,
        check=True,
    )
    assert "MPS" in done.stdout, done.stdout + done.stderr


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_start_serves_every_command_sent_during_start_up(backend, tmp_path):
    database = TempDatabase(backend, tmp_path)
    try:
        with FakeSlack() as slack:
            _map_lead(database.url, tmp_path)
            for start in range(STARTS):
                port = free_port()
                env = bot_env(database.url, slack.api_url, slack.base_url, port)
                bot = start_bot(env, tmp_path)
                url = f"http://127.0.0.1:{port}/slack/events"
                texts = [
                    f"add Start {start} action {n} lead:MPS" if n % 2 else "list"
                    for n in range(COMMANDS)
                ]
                give_up_at = time.monotonic() + 60
                calls = [
                    (url, text, slack.response_url(f"s{start}c{n}"), give_up_at)
                    for n, text in enumerate(texts)
                ]
                try:
                    with ThreadPoolExecutor(COMMANDS) as pool:
                        statuses = list(pool.map(lambda call: _command(*call), calls))
                    replies = slack.wait_for("response_url", (start + 1) * COMMANDS, timeout=30)
                finally:
                    # Stopped whatever happened, so a failing start leaves no bot behind.
                    code, output, survivors = stop(bot)
                assert statuses == [200] * COMMANDS, output
                assert len(replies) == (start + 1) * COMMANDS
                assert code == 0, output
                assert not survivors, f"still running after SIGTERM: {survivors}\n{output}"
                assert " ERROR " not in output, output
            added = [c for c in slack.called("response_url") if "added" in str(c.args).lower()]
            assert len(added) == STARTS * COMMANDS // 2
    finally:
        database.drop()
