"""Start the real `actionbot run` as a user would, and find every process it started."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

SECRET = "runtime-secret"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def bot_env(
    database_url: str, api_url: str, hooks_url: str, port: int, **extra: str
) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("SLACK_")}
    env.update(
        {
            "DATABASE_URL": database_url,
            "SLACK_BOT_TOKEN": "xoxb-test",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": api_url,
            "SLACK_HOOKS_URL": hooks_url,
            "PORT": str(port),
            "RUN_SCHEDULER": "true",
            "SECRETARY_USER_IDS": "USEC",
            "WEB_WORKERS": "2",
            "WEB_THREADS": "8",
            "LOG_LEVEL": "INFO",
            **extra,
        }
    )
    env.pop("SLACK_APP_TOKEN", None)
    return env


def start_bot(env: dict[str, str], cwd: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "run", *args],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def descendants(pid: int) -> set[int]:
    """Every living process below `pid`, read from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pid: int) -> bool:
    """Running, and not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def stop(process: subprocess.Popen[str], timeout: float = 30.0) -> tuple[int, str, set[int]]:
    """SIGTERM the bot; its exit code, its output, and any of its processes still alive."""
    family = descendants(process.pid)
    process.send_signal(signal.SIGTERM)
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(alive(pid) for pid in family):
        time.sleep(0.05)
    return process.returncode, output, {pid for pid in family if alive(pid)}


def get(url: str, timeout: float = 2.0) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def wait_until_up(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if get(f"http://127.0.0.1:{port}/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise AssertionError(f"nothing answered on port {port} within {timeout} s")
