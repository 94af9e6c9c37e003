"""`actionbot run` dies loudly and whole when a part of it cannot serve, and answers health
checks."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from tests.fakes.slack_api import FakeSlack
from tests.runtime.bot_process import (
    bot_env,
    descendants,
    free_port,
    get,
    start_bot,
    stop,
    wait_until_up,
)


def _sqlite(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'bot.db'}"


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def test_health_and_readiness_are_served_beside_slack(tmp_path):
    port = free_port()
    with FakeSlack() as slack:
        bot = start_bot(bot_env(_sqlite(tmp_path), slack.api_url, slack.base_url, port), tmp_path)
        try:
            wait_until_up(port)
            assert get(f"http://127.0.0.1:{port}/healthz") == (200, "ok\n")
            assert get(f"http://127.0.0.1:{port}/readyz") == (200, "ready\n")
        finally:
            code, output, survivors = stop(bot)
    assert code == 0 and not survivors, output


def test_a_worker_that_cannot_boot_stops_the_bot_with_an_error(tmp_path):
    broken = tmp_path / "broken" / "slack_bolt"
    broken.mkdir(parents=True)
    (broken / "__init__.py").write_text("raise ImportError('slack_bolt is broken here')\n")
    port = free_port()
    with FakeSlack() as slack:
        env = bot_env(
            _sqlite(tmp_path), slack.api_url, slack.base_url, port, PYTHONPATH=str(broken.parent)
        )
        bot = start_bot(env, tmp_path)
        family: set[int] = set()
        deadline = time.monotonic() + 60
        while bot.poll() is None and time.monotonic() < deadline:
            family |= descendants(bot.pid)
            time.sleep(0.05)
        code, output, _survivors = stop(bot)
    assert code == 1, output
    assert "ERROR" in output and "slack_bolt is broken here" in output
    assert "web server" in output and "ended with exit code" in output
    assert not {pid for pid in family if Path(f"/proc/{pid}").exists()}, output


def test_a_scheduler_that_dies_is_noticed_and_the_bot_stops_whole(tmp_path):
    port = free_port()
    with FakeSlack() as slack:
        bot = start_bot(bot_env(_sqlite(tmp_path), slack.api_url, slack.base_url, port), tmp_path)
        wait_until_up(port)
        family = descendants(bot.pid)
        scheduler = next(pid for pid in family if "-m jobs" in _cmdline(pid))
        os.kill(scheduler, signal.SIGKILL)
        bot.wait(timeout=30)
        code, output, _survivors = stop(bot)
    assert code == 1, output
    assert "scheduler" in output and "ended with exit code -9" in output
    assert not {pid for pid in family if Path(f"/proc/{pid}").exists()}, output


def test_the_scheduler_can_be_switched_off(tmp_path):
    port = free_port()
    with FakeSlack() as slack:
        env = bot_env(_sqlite(tmp_path), slack.api_url, slack.base_url, port, RUN_SCHEDULER="false")
        bot = start_bot(env, tmp_path)
        wait_until_up(port)
        commands = [_cmdline(pid) for pid in descendants(bot.pid)]
        code, output, _ = stop(bot)
    assert not any("-m jobs" in line for line in commands)
    assert code == 0 and "RUN_SCHEDULER is false" in output
