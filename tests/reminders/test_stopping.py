"""Asked to stop in the middle of a morning's reminders, a process finishes the message it is
sending, begins no other, and gives back the rest: the next sweep sends each once, at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import datetime

import pytest
from sqlalchemy import select

from bot.actions.service import Actor
from bot.clock import FixedClock
from bot.config import Settings
from bot.db.migrate import upgrade
from bot.models.reminders import Delivery, DeliveryState
from bot.reminders.digest import Digest, format_report
from bot.reminders.ports import MessageOutcome
from bot.services import Services, build_services
from bot.stopping import Stopping
from jobs.scheduler import build_scheduler, stop_scheduler
from tests.annex_a import AUGUST_ITEMS, add_annex_a
from tests.conftest import BACKENDS
from tests.fakes.slack_api import FakeSlack
from tests.reminders.conftest import RecordingNotifier

SECRETARY = Actor("USEC", is_secretary=True)
USERS = [f"U{n}" for n in range(1, 9)]
MORNING = "2022-08-24T09:30:00+01:00"


def annex_for_everyone(services: Services) -> None:
    services.leads.map_users(SECRETARY, "MPS", user_ids=USERS, aliases=[])
    add_annex_a(services)


def deliveries(services: Services) -> list[Delivery]:
    with services.sessions() as session:
        return list(session.scalars(select(Delivery).where(Delivery.rule == "before-7")))


class StopAfter(RecordingNotifier):
    """Sends, and after the `n`th digest asks the process to stop."""

    def __init__(self, n: int) -> None:
        super().__init__()
        self.n = n
        self.stopping: Stopping | None = None

    def send_digest(self, digest: Digest) -> list[MessageOutcome]:
        outcomes = super().send_digest(digest)
        if len(self.digests) == self.n and self.stopping is not None:
            self.stopping.set()
        return outcomes


def test_a_sweep_asked_to_stop_gives_back_what_it_did_not_send_and_the_next_sends_it_once(
    settings: Settings, clock: FixedClock, migrated_engine, sessions
) -> None:
    notifier = StopAfter(2)
    services = build_services(
        settings, clock=clock, engine=migrated_engine, sessions=sessions, migrate=False,
        notifier=notifier,
    )  # fmt: skip
    notifier.stopping = services.stopping
    annex_for_everyone(services)
    clock.set(datetime.fromisoformat(MORNING))

    report = services.reminders.send_due()

    assert len(notifier.digests) == 2
    assert report.released == (len(USERS) - 2) * len(AUGUST_ITEMS)
    assert f"Stopped early: {report.released} item(s)" in format_report(report)
    given_back = [d for d in deliveries(services) if d.state != DeliveryState.SENT]
    assert len(given_back) == report.released
    # Due again now, for any sweep, and the try they were claimed for not counted.
    assert {(d.claim_token, d.attempts) for d in given_back} == {(None, 0)}

    # The next process starts (its own `stopping` unset) a minute later.
    services.stopping.clear()
    clock.set(datetime.fromisoformat("2022-08-24T09:31:00+01:00"))
    services.reminders.send_due()

    assert Counter(d.recipient for d in notifier.digests) == Counter(USERS)
    for digest in notifier.digests:
        assert {item.item_no for item in digest.items} == AUGUST_ITEMS
    assert {(d.state, d.attempts) for d in deliveries(services)} == {(DeliveryState.SENT, 1)}


class Held(RecordingNotifier):
    """Each send waits until `go` is set; `sending` is set when the first one begins."""

    def __init__(self) -> None:
        super().__init__()
        self.sending = threading.Event()
        self.go = threading.Event()

    def send_digest(self, digest: Digest) -> list[MessageOutcome]:
        self.sending.set()
        assert self.go.wait(10)
        return super().send_digest(digest)


@pytest.mark.parametrize("fresh_database", BACKENDS, indirect=True)
def test_the_scheduler_stops_after_the_message_being_sent(
    settings: Settings, clock: FixedClock, fresh_database
) -> None:
    # A database of its own: the scheduler's jobs run at once, each on its own connection.
    engine = fresh_database.engine()
    upgrade(engine)
    notifier = Held()
    services = build_services(
        settings, clock=clock, engine=engine, migrate=False, notifier=notifier
    )
    annex_for_everyone(services)
    clock.set(datetime.fromisoformat(MORNING))
    scheduler = build_scheduler(services)
    scheduler.start()  # the catch-up sweep runs at once
    assert notifier.sending.wait(10)

    stopped = threading.Thread(target=stop_scheduler, args=(scheduler, services))
    stopped.start()
    time.sleep(0.2)
    assert stopped.is_alive()  # it waits for the message being sent
    notifier.go.set()
    stopped.join(10)

    assert not stopped.is_alive() and not scheduler.running
    assert len(notifier.digests) == 1
    states = Counter(d.state for d in deliveries(services))
    assert states[DeliveryState.SENT] == len(AUGUST_ITEMS)
    assert states[DeliveryState.CLAIMED] == (len(USERS) - 1) * len(AUGUST_ITEMS)
    engine.dispose()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_actionbot_remind_stopped_by_sigterm_sends_nothing_twice_and_loses_nothing(
    fresh_database, tmp_path
) -> None:
    setup = Settings(_env_file=None, database_url=fresh_database.url, secretary_user_ids=["USEC"])
    services = build_services(setup, clock=FixedClock(datetime.fromisoformat(MORNING)))
    annex_for_everyone(services)
    services.engine.dispose()
    with FakeSlack() as slack:
        for user in USERS:
            slack.add_user(user)
        # 8 digests at half a second each: sending them all would take 4 s.
        slack.slow("chat.postMessage", 0.5)
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("SLACK_")},
            "DATABASE_URL": fresh_database.url,
            "SLACK_API_URL": slack.api_url,
            "SLACK_BOT_TOKEN": "xoxb-test",
            "SECRETARY_USER_IDS": "USEC",
        }
        remind = [sys.executable, "-m", "bot", "remind", "--now"]
        first = subprocess.Popen(
            [*remind, MORNING], env=env, cwd=tmp_path, stdout=subprocess.PIPE, text=True
        )
        slack.wait_for("chat.postMessage", 1, timeout=60)
        asked = time.monotonic()
        first.send_signal(signal.SIGTERM)
        output, _ = first.communicate(timeout=30)
        took = time.monotonic() - asked

        assert first.returncode == 0, output
        assert took < 3, f"took {took:.1f} s to stop"
        assert "Stopped early" in output
        landed = Counter(slack.landed_in(c) for c in slack.answered("chat.postMessage"))
        assert 1 <= sum(landed.values()) < len(USERS)

        slack.slow("chat.postMessage", 0)
        again = subprocess.run(
            [*remind, "2022-08-24T09:31:00+01:00"],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert again.returncode == 0, again.stdout + again.stderr
        landed = Counter(slack.landed_in(c) for c in slack.answered("chat.postMessage"))
        assert landed == Counter("D" + user for user in USERS)
