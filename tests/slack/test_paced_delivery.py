"""Reminders delivered within Slack's rate limits: the fake enforces the documented tiers with a
shortened minute, and the bot paces itself to them."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from itertools import pairwise

import pytest
from slack_sdk import WebClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import sessionmaker

from bot.actions.service import NewAction
from bot.clock import FixedClock
from bot.config import Settings
from bot.leads.service import LeadRef
from bot.models.reminders import Delivery, Profile
from bot.reminders.digest import Digest, DigestItem
from bot.services import Services, build_services
from bot.slack.client import build_client
from bot.slack.messenger import METADATA_EVENT, SlackMessenger, parse_delivery_key
from bot.slack.pacing import Limits, Pacer
from tests.annex_a import BOARD, SECRETARY
from tests.fakes.slack_api import FakeSlack, Tiers

# A Slack "minute" of 0.6 s: the limits keep their proportions, the test takes seconds.
MINUTE = 0.6
LEADS = 120  # more than a minute's users.info (100) and two of conversations.open (50)
SECOND = MINUTE / 60
FIRST_SWEEP = datetime.fromisoformat("2022-08-24T09:30:00+01:00")  # a Wednesday


def user(n: int) -> str:
    return f"U{n:04d}"


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack(tiers=Tiers(minute=MINUTE)) as fake:
        for n in range(LEADS):
            fake.add_user(user(n))
        fake.add_user("USEC")
        yield fake


def services_paced_by(
    pacer: Pacer, settings: Settings, clock: FixedClock, engine: Engine, sessions: sessionmaker
) -> Services:
    """Services whose Slack client keeps to `pacer`, woken by it when stopping as
    bot.slack.wiring does."""
    client = build_client(settings, timeout=5, pacer=pacer)
    services = build_services(
        settings,
        clock=clock,
        engine=engine,
        sessions=sessions,
        migrate=False,
        notifier=SlackMessenger(client),
    )
    services.stopping.when_set(pacer.stop)
    return services


@pytest.fixture
def paced_services(
    slack_settings: Settings, clock: FixedClock, migrated_engine: Engine, sessions: sessionmaker
) -> Services:
    pacer = Pacer(Limits(minute=MINUTE))
    services = services_paced_by(pacer, slack_settings, clock, migrated_engine, sessions)
    for n in range(LEADS):
        lead = f"Lead {n}"
        services.leads.map_users(SECRETARY, lead, user_ids=[user(n)], aliases=[])
        services.actions.add(
            SECRETARY,
            NewAction(
                description=f"{lead} to provide the report on item {n}.",
                leads=[LeadRef(name=lead)],
                timing="25 August 2022",  # a reminder the day before, and one on the day
                board=BOARD,
                item_no=str(n),
            ),
        )
    return services


def received(slack: FakeSlack) -> Counter[int]:
    """How many times each delivery arrived, over every channel."""
    counts: Counter[int] = Counter()
    for messages in slack.posted.values():
        for message in messages:
            meta = message["metadata"] or {}
            assert meta.get("event_type") == METADATA_EVENT
            counts.update(parse_delivery_key(meta["event_payload"]["key"]))
    return counts


def test_a_sweep_for_many_leads_keeps_within_the_limits_and_the_next_day_asks_nothing_again(
    paced_services: Services, clock: FixedClock, slack: FakeSlack, sessions: sessionmaker
) -> None:
    clock.set(FIRST_SWEEP)
    report = paced_services.reminders.send_due()
    assert report.failed == []
    assert len(report.sent) == LEADS
    calls = slack.counts()
    # Posted to each user id: Slack puts it in their DM, so no conversations.open is needed.
    assert calls["users.info"] >= LEADS and calls["conversations.open"] == 0
    assert sum(slack.rate_limited().values()) < 0.01 * sum(calls.values())
    assert sorted(slack.posted) == [f"D{user(n)}" for n in range(LEADS)]

    clock.set(FIRST_SWEEP + timedelta(days=1))
    report = paced_services.reminders.send_due()
    assert len(report.sent) == LEADS and report.failed == []
    later = slack.counts() - calls
    assert later["users.info"] == 0 and later["conversations.open"] == 0
    assert later["chat.postMessage"] == LEADS
    assert sum(slack.rate_limited().values()) < 0.01 * sum(slack.counts().values())

    counts = received(slack)
    assert set(counts.values()) == {1}, "a reminder arrived twice"
    with sessions() as session:
        states = Counter(session.scalars(select(Delivery.state).where(Delivery.state != "skipped")))
    assert states == {"sent": len(counts)} and len(counts) == 2 * LEADS


def digest_for(n: int, *, recheck: bool = False) -> Digest:
    item = DigestItem(
        delivery_id=n + 1,
        action_id=n + 1,
        description="Provide the report.",
        due=date(2022, 8, 31),
        days_left=7,
        timing="August 2022",
        leads="MPS",
        board=BOARD,
        item_no=str(n),
        rule="before-7",
    )
    return Digest(user(n), date(2022, 8, 24), (item,), recheck=recheck)


def test_a_429_pauses_the_method_for_every_thread_and_nothing_is_lost_or_doubled(
    slack_settings: Settings, slack: FakeSlack
) -> None:
    threads = 8
    minute = 2.0
    slack.tiers = Tiers(minute=minute)
    # Another process with the same token spends this minute's conversations.open budget, which
    # a retry after a lost answer needs: it reads the DM, whose id a new process must ask for.
    outsider = WebClient(token="xoxb-test", base_url=slack_settings.slack_api_url)
    for n in range(50):
        outsider.conversations_open(users=f"UOTHER{n}")
    pacer = Pacer(Limits(minute=minute))
    messenger = SlackMessenger(build_client(slack_settings, timeout=10, pacer=pacer))
    outcomes: dict[int, bool] = {}
    start = threading.Barrier(threads)

    def send(n: int) -> None:
        start.wait()
        outcomes[n] = all(out.ok for out in messenger.send_digest(digest_for(n, recheck=True)))

    workers = [threading.Thread(target=send, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)

    assert outcomes == dict.fromkeys(range(threads), True)
    opens = [c for c in slack.called("conversations.open") if c.args["users"].startswith("U0")]
    limited = [c for c in opens if c.status == 429]
    assert 1 <= len(limited) <= threads  # only calls already on their way when Slack said wait
    # Every thread waited: nothing was answered before Retry-After (a whole second at least).
    first = min(c.at for c in limited)
    answered = [c for c in opens if c.status == 200]
    assert len(answered) == threads
    assert min(c.at for c in answered) >= first + 1.0
    assert pacer.pauses == len(limited)
    assert received(slack) == Counter({n + 1: 1 for n in range(threads)})


def test_posts_to_a_user_id_and_to_their_dm_share_the_dms_budget(
    slack_settings: Settings, slack: FakeSlack
) -> None:
    """Slack counts one message a second per channel; a post to a user id lands in their DM, so
    it counts against the DM's budget, whichever way the post named it."""
    client = build_client(slack_settings, timeout=5, pacer=Pacer(Limits(minute=MINUTE)))
    for channel in ("U0001", "DU0001", "U0001", "DU0001"):  # the D… id learnt from the answer
        client.chat_postMessage(channel=channel, text="hello")
    client.conversations_open(users="U0002")  # or from conversations.open
    for channel in ("DU0002", "U0002", "DU0002"):
        client.chat_postMessage(channel=channel, text="hello")
    assert slack.rate_limited() == Counter()
    posts = slack.answered("chat.postMessage")
    for dm in ("DU0001", "DU0002"):
        mine = [c.at for c in posts if slack.landed_in(c) == dm]
        assert len(mine) == len(slack.messages_in(dm)) > 2
        assert min(b - a for a, b in pairwise(mine)) >= SECOND


def test_stopping_wakes_a_sweep_waiting_for_slacks_limit_and_keeps_the_profiles_it_read(
    slack_settings: Settings,
    clock: FixedClock,
    migrated_engine: Engine,
    sessions: sessionmaker,
    paced_services: Services,
    slack: FakeSlack,
) -> None:
    # The actions `paced_services` added, swept by services whose minute is a real one: the
    # 101st users.info would wait for most of it.
    pacer = Pacer(Limits(minute=60))
    services = services_paced_by(pacer, slack_settings, clock, migrated_engine, sessions)
    clock.set(FIRST_SWEEP)
    sweep = threading.Thread(target=services.reminders.send_due)
    sweep.start()
    slack.wait_for("users.info", 100, timeout=10)
    sweep.join(0.3)
    assert sweep.is_alive()  # waiting for the limit

    services.stopping.set()
    sweep.join(2)

    assert not sweep.is_alive()
    assert slack.counts()["users.info"] == 100 and not slack.posted
    with sessions() as session:
        assert session.scalar(select(func.count(Delivery.id))) == 0  # nothing claimed
        assert session.scalar(select(func.count(Profile.user_id))) == 100  # kept for the next
