"""Run the bot's processes as children, stop them together, and never outlive them quietly.

The supervisor itself starts no threads and opens no database connection, and its children are
fresh interpreters (fork and exec), so no process ever forks while holding another thread's
locks or a database connection.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from types import FrameType

log = logging.getLogger("bot.supervisor")
# How soon a stop signal or a child's death is acted on.
POLL_SECONDS = 0.05


class Supervisor:
    """Starts each named command; when one ends or SIGTERM/SIGINT arrives, stops them all."""

    def __init__(self, commands: Mapping[str, Sequence[str]], *, grace_seconds: float) -> None:
        self._commands = dict(commands)
        self._grace = grace_seconds
        self._children: dict[str, subprocess.Popen[bytes]] = {}
        self._stop_signal: int | None = None

    def run(self) -> int:
        """0 after a requested stop; 1 when a child ended on its own (a supervisor restarts us)."""
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._request_stop)
        for name, command in self._commands.items():
            self._children[name] = subprocess.Popen(
                list(command), start_new_session=True, preexec_fn=_end_with_parent
            )
            log.info("started %s (pid %s)", name, self._children[name].pid)
        failed = self._wait_for_stop_or_failure()
        self._stop_all()
        return 1 if failed else 0

    def _request_stop(self, signum: int, _frame: FrameType | None) -> None:
        self._stop_signal = signum

    def _wait_for_stop_or_failure(self) -> bool:
        while self._stop_signal is None:
            for name, child in self._children.items():
                code = child.poll()
                if code is not None:
                    log.error(
                        "%s (pid %s) ended with exit code %s; stopping actionbot so that "
                        "it can be restarted whole",
                        name,
                        child.pid,
                        code,
                    )
                    return True
            time.sleep(POLL_SECONDS)
        log.info("received %s; stopping", signal.Signals(self._stop_signal).name)
        return False

    def _stop_all(self) -> None:
        # Each child leads its own process group: signalling the group reaches gunicorn's
        # workers too, even if their master is wedged.
        for child in self._children.values():
            _signal_group(child, signal.SIGTERM)
        deadline = time.monotonic() + self._grace
        for name, child in self._children.items():
            try:
                child.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                log.error(
                    "%s (pid %s) did not stop within %.0f s; killing it",
                    name,
                    child.pid,
                    self._grace,
                )
            _signal_group(child, signal.SIGKILL)
            child.wait()


def _signal_group(child: subprocess.Popen[bytes], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(child.pid, signum)


# Looked up here, not in the child: between fork and exec the child should only call.
_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None
PR_SET_PDEATHSIG = 1


def _end_with_parent() -> None:
    """In the child before exec: get SIGTERM if the supervisor dies, even by SIGKILL."""
    if _LIBC is not None:
        _LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
