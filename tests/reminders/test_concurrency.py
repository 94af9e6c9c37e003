"""Two schedulers sweeping the same reminders at the same moment send each digest once."""

from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from bot.actions.service import Actor, NewAction
from bot.clock import FixedClock
from bot.config import Settings
from bot.leads.service import LeadRef
from bot.models.reminders import Delivery
from bot.reminders.digest import SweepReport
from bot.services import Services, build_services
from bot.slack.blocks.escalation import PER_MESSAGE as ESCALATIONS_PER_MESSAGE
from bot.slack.client import build_client
from bot.slack.messenger import SlackMessenger
from tests.annex_a import SECRETARY
from tests.fakes.slack_api import FakeSlack, landing_channel

LEADS = {f"Lead {n}": [f"U{n}A", f"U{n}B"] for n in range(1, 6)}
USERS = [user for users in LEADS.values() for user in users]
# Sweeps at each reminder of a 30 September 2022 deadline, and one two weeks overdue.
MOMENTS = [
    "2022-09-16T09:30:00+01:00",
    "2022-09-23T09:30:00+01:00",
    "2022-09-29T09:30:00+01:00",
    "2022-09-30T09:30:00+01:00",
    "2022-10-14T09:30:00+01:00",
]


def scheduler(settings: Settings, slack: FakeSlack) -> Services:
    """One scheduler process's worth of services: its own engine, client and notifier."""
    settings = settings.model_copy(update={"slack_api_url": slack.api_url})
    notifier = SlackMessenger(build_client(settings, timeout=10))
    return build_services(
        settings,
        clock=FixedClock(datetime(2022, 7, 25, tzinfo=UTC)),
        migrate=False,
        notifier=notifier,
    )


def seed(services: Services) -> None:
    secretary = Actor("USEC", is_secretary=True)
    for name, users in LEADS.items():
        services.leads.map_users(SECRETARY, name, user_ids=users, aliases=[])
    for n in range(40):
        leads = [LeadRef(name=f"Lead {n % 5 + 1}"), LeadRef(name=f"Lead {(n + 2) % 5 + 1}")]
        services.actions.add(
            secretary, NewAction(f"Action {n}", leads, timing="September 2022", board="Board")
        )


def race(first: Services, second: Services, now: datetime) -> list[SweepReport]:
    barrier = threading.Barrier(2)
    reports: list[SweepReport] = []
    errors: list[BaseException] = []

    def run(services: Services) -> None:
        try:
            barrier.wait()
            reports.append(services.reminders.send_due(now))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(s,)) for s in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    return reports


def slow_post(args: dict) -> dict:
    time.sleep(0.02)  # widens the window in which the other scheduler could step in
    channel = landing_channel(str(args.get("channel")))
    return {"ok": True, "channel": channel, "ts": f"{time.time():.6f}"}


@pytest.mark.parametrize("fresh_database", ["postgresql"], indirect=True)
@pytest.mark.postgres
def test_two_schedulers_on_postgresql_send_each_digest_once(fresh_database) -> None:
    settings = Settings(
        _env_file=None,
        database_url=fresh_database.url,
        secretary_user_ids=["USEC"],
        slack_bot_token="xoxb-test",
    )
    with FakeSlack() as slack:
        for user in [*USERS, "USEC"]:
            slack.add_user(user)
        slack.on("chat.postMessage", slow_post)
        setup = build_services(settings, clock=FixedClock(datetime(2022, 7, 25, tzinfo=UTC)))
        seed(setup)
        first, second = scheduler(settings, slack), scheduler(settings, slack)
        try:
            for moment in MOMENTS:
                before = len(slack.answered("chat.postMessage"))
                race(first, second, datetime.fromisoformat(moment))
                posted = Counter(
                    slack.landed_in(c) for c in slack.answered("chat.postMessage")[before:]
                )
                expected = {f"D{u}": 1 for u in USERS}
                if moment.startswith("2022-10-14"):
                    # The 40 escalations go to the secretary in messages of their own kind,
                    # PER_MESSAGE actions each: once each, so exactly this many messages.
                    expected["DUSEC"] = -(-40 // ESCALATIONS_PER_MESSAGE)
                assert posted == expected, moment
            with setup.sessions.begin() as session:
                states = dict(
                    session.execute(
                        select(Delivery.state, func.count()).group_by(Delivery.state)
                    ).all()
                )
            # Each of 10 users: 40 * 2 / 5 = 16 actions, before-14, before-7, before-1, due,
            # overdue-14 (overdue-7 skipped as no sweep ran then); plus 40 escalations.
            assert states == {"sent": 10 * 16 * 5 + 40, "skipped": 10 * 16}
        finally:
            for services in (setup, first, second):
                services.engine.dispose()


@pytest.mark.parametrize("fresh_database", ["sqlite"], indirect=True)
def test_two_sweeps_in_one_process_send_each_digest_once(fresh_database) -> None:
    settings = Settings(
        _env_file=None,
        database_url=fresh_database.url,
        secretary_user_ids=["USEC"],
        slack_bot_token="xoxb-test",
    )
    with FakeSlack() as slack:
        for user in [*USERS, "USEC"]:
            slack.add_user(user)
        slack.on("chat.postMessage", slow_post)
        setup = build_services(settings, clock=FixedClock(datetime(2022, 7, 25, tzinfo=UTC)))
        seed(setup)
        setup.engine.dispose()
        services = scheduler(settings, slack)
        try:
            for moment in MOMENTS[:2]:
                before = len(slack.answered("chat.postMessage"))
                race(services, services, datetime.fromisoformat(moment))
                posted = Counter(
                    slack.landed_in(c) for c in slack.answered("chat.postMessage")[before:]
                )
                assert posted == {f"D{u}": 1 for u in USERS}
        finally:
            services.engine.dispose()
