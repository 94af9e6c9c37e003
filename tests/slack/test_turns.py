"""Reading commands take turns in the order they asked: a freed turn goes to the longest waiter,
never to a newcomer, and no more run at once than there are turns."""

from __future__ import annotations

import threading
import time

from bot.slack.listeners.later import Turns


def wait_until(condition, seconds: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.001)


def test_a_freed_turn_goes_to_the_longest_waiter():
    turns = Turns(1)
    order: list[str] = []

    def ask(name: str) -> None:
        with turns:
            order.append(name)

    turns.__enter__()  # this thread holds the only turn
    waiters = []
    for n in range(5):
        thread = threading.Thread(target=ask, args=(f"waiter {n}",))
        thread.start()
        waiters.append(thread)
        wait_until(lambda n=n: turns.waiting == n + 1)
    turns.__exit__()
    # A newcomer arriving as the turn is freed queues behind those already waiting.
    late = threading.Thread(target=ask, args=("newcomer",))
    late.start()
    for thread in [*waiters, late]:
        thread.join(5)
    assert order == [f"waiter {n}" for n in range(5)] + ["newcomer"]


def test_no_more_run_at_once_than_there_are_turns():
    turns = Turns(2)
    running, most = 0, 0
    lock = threading.Lock()

    def work() -> None:
        nonlocal running, most
        with turns:
            with lock:
                running += 1
                most = max(most, running)
            time.sleep(0.002)
            with lock:
                running -= 1

    threads = [threading.Thread(target=work) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    assert (most, running, turns.waiting) == (2, 0, 0)
