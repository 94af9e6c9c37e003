"""A reminder whose post may have landed is never posted twice: the ledger retries, not the
client, and looks in the DM for the message's metadata first."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import (
    FixedValueRetryIntervalCalculator,
)
from sqlalchemy import select

from bot.clock import FixedClock
from bot.config import Settings
from bot.models.reminders import Delivery
from bot.reminders.outcomes import Outcomes
from bot.services import Services, build_services
from bot.slack.client import build_client
from bot.slack.messenger import METADATA_EVENT, SlackMessenger, parse_delivery_key
from tests.annex_a import AUGUST_ITEMS, SECRETARY, add_annex_a
from tests.fakes.slack_api import FakeSlack

LEADS = {"MPS": ["U1", "U2", "U3"]}
FIRST_SWEEP = datetime.fromisoformat("2022-08-24T09:30:00+01:00")
FAULTS = 12  # injected before the first sweep, consumed in the order the calls come


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        for user in ("U1", "U2", "U3", "USEC"):
            fake.add_user(user)
        yield fake


def services_with(
    client: WebClient, settings: Settings, clock: FixedClock, engine, sessions
) -> Services:
    services = build_services(
        settings,
        clock=clock,
        engine=engine,
        sessions=sessions,
        migrate=False,
        notifier=SlackMessenger(client),
    )
    for lead, users in LEADS.items():
        services.leads.map_users(SECRETARY, lead, user_ids=users, aliases=[])
    add_annex_a(services)
    return services


@pytest.fixture
def slack_services(
    slack_settings: Settings, clock: FixedClock, migrated_engine, sessions
) -> Services:
    client = no_backoff(build_client(slack_settings, timeout=5))
    return services_with(client, slack_settings, clock, migrated_engine, sessions)


def no_backoff(client: WebClient) -> WebClient:
    """The fake answers at once: retries need not wait."""
    for handler in client.retry_handlers:
        handler.interval_calculator = FixedValueRetryIntervalCalculator(0)
    return client


def reminders_received(slack: FakeSlack) -> dict[str, Counter]:
    """For each DM channel: how many times each delivery arrived."""
    received: dict[str, Counter] = {}
    for channel, messages in slack.posted.items():
        counts = received.setdefault(channel, Counter())
        for message in messages:
            meta = message["metadata"] or {}
            assert meta.get("event_type") == METADATA_EVENT
            counts.update(parse_delivery_key(meta["event_payload"]["key"]))
    return received


def sweep_until_quiet(services: Services, clock: FixedClock, start: datetime) -> int:
    clock.set(start)
    for sweeps in range(1, 12):
        services.reminders.send_due()
        clock.set(clock.now() + timedelta(hours=1))
        if services.reminders.send_due().nothing_happened:
            return sweeps
    raise AssertionError("the sweeps never settled")


def states(sessions) -> Counter:
    """Deliveries by state, leaving out earlier reminders skipped as missed before the sweep."""
    with sessions() as session:
        return Counter(s for s in session.scalars(select(Delivery.state)) if s != "skipped")


def test_posted_but_500_dropped_after_posting_and_plain_500_each_arrive_exactly_once(
    slack_services: Services, clock: FixedClock, slack: FakeSlack, sessions
) -> None:
    slack.post_then_fail(500)  # U1's digest lands, Slack answers 500
    slack.post_then_drop()  # U2's digest lands, the connection drops before the answer
    slack.fail_next("chat.postMessage", 503)  # U3's digest does not land
    sweep_until_quiet(slack_services, clock, FIRST_SWEEP)
    received = reminders_received(slack)
    assert set(received) == {"DU1", "DU2", "DU3"}
    for channel, counts in received.items():
        assert set(counts.values()) == {1}, f"{channel} got a reminder twice: {counts}"
    assert [sum(received[c].values()) for c in ("DU1", "DU2", "DU3")] == [len(AUGUST_ITEMS)] * 3
    assert states(sessions) == {"sent": sum(sum(c.values()) for c in received.values())}


def test_a_retry_whose_first_attempt_landed_is_recorded_sent_without_posting_again(
    slack_services: Services, clock: FixedClock, slack: FakeSlack, sessions
) -> None:
    slack.post_then_drop()
    # The check right after the drop cannot see the channel either: the outcome stays unknown.
    slack.fail_next("conversations.history", 500, times=3)
    clock.set(FIRST_SWEEP)
    report = slack_services.reminders.send_due()
    assert [f.recipient for f in report.failed] == ["U1"]
    assert "outcome unknown" in report.failed[0].error
    clock.set(FIRST_SWEEP + timedelta(minutes=6))
    posts_before = len(slack.called("chat.postMessage"))
    slack_services.reminders.send_due()
    assert len(slack.called("chat.postMessage")) == posts_before  # found in the DM, not re-sent
    assert len(slack.messages_in("DU1")) == 1
    assert set(states(sessions)) == {"sent"}


def test_digests_that_landed_before_a_crash_could_record_them_are_not_posted_again(
    slack_services: Services, clock: FixedClock, slack: FakeSlack, sessions, monkeypatch
) -> None:
    """Outcomes are recorded for several recipients at once: a process that dies after posting
    but before recording leaves the rows claimed, and the retry after the lease finds each
    digest in its DM rather than posting it again."""

    def die(self: Outcomes) -> None:
        raise SystemExit

    monkeypatch.setattr(Outcomes, "flush", die)
    clock.set(FIRST_SWEEP)
    with pytest.raises(SystemExit):
        slack_services.reminders.send_due()
    monkeypatch.undo()
    posted = len(slack.called("chat.postMessage"))
    assert posted == 3  # one digest for each of U1, U2 and U3, none of them recorded
    assert states(sessions) == {"claimed": 3 * len(AUGUST_ITEMS)}
    clock.set(FIRST_SWEEP + timedelta(minutes=5))
    assert slack_services.reminders.send_due().nothing_happened  # the lease still holds
    clock.set(FIRST_SWEEP + timedelta(minutes=11))
    report = slack_services.reminders.send_due()
    assert sorted(d.recipient for d in report.sent) == ["U1", "U2", "U3"]
    assert len(slack.called("chat.postMessage")) == posted
    for channel, counts in reminders_received(slack).items():
        assert set(counts.values()) == {1}, f"{channel} got a reminder twice: {counts}"
    assert states(sessions) == {"sent": 3 * len(AUGUST_ITEMS)}


def test_the_client_never_repeats_a_post_but_still_waits_out_a_429(
    slack_settings: Settings, slack: FakeSlack
) -> None:
    client = no_backoff(build_client(slack_settings, timeout=5))
    slack.post_then_fail(500)
    with pytest.raises(SlackApiError):
        client.chat_postMessage(channel="D1", text="one")
    slack.post_then_drop()
    with pytest.raises(OSError):
        client.chat_postMessage(channel="D1", text="two")
    slack.fail_next("chat.postMessage", 429, "ratelimited", headers={"Retry-After": "0"})
    client.chat_postMessage(channel="D1", text="three")
    assert [m["text"] for m in slack.messages_in("D1")] == ["one", "two", "three"]
    slack.fail_next("users.info", 500)
    assert client.users_info(user="U1")["ok"]  # reads are still retried


def retrying_client(settings: Settings) -> WebClient:
    """The client as it was: 5xx and dropped connections retried for every call."""
    return no_backoff(
        WebClient(
            token="xoxb-test",
            base_url=settings.slack_api_url,
            timeout=5,
            retry_handlers=[
                RateLimitErrorRetryHandler(max_retry_count=3),
                ServerErrorRetryHandler(max_retry_count=2),
                ConnectionErrorRetryHandler(max_retry_count=2),
            ],
        )
    )


def test_a_client_that_retries_posts_makes_duplicates(
    slack_settings: Settings, clock: FixedClock, slack: FakeSlack, migrated_engine, sessions
) -> None:
    """Why the client must not retry posts: the same faults with the old client duplicate."""
    services = services_with(
        retrying_client(slack_settings), slack_settings, clock, migrated_engine, sessions
    )
    slack.post_then_fail(500)
    sweep_until_quiet(services, clock, FIRST_SWEEP)
    assert any(max(c.values()) > 1 for c in reminders_received(slack).values())


def test_a_storm_of_mixed_faults_leaves_every_reminder_delivered_exactly_once(
    slack_services: Services, clock: FixedClock, slack: FakeSlack, sessions
) -> None:
    faults = [
        slack.post_then_fail,
        slack.post_then_drop,
        lambda: slack.fail_next("chat.postMessage", 500),
        lambda: slack.fail_next("conversations.history", 503, times=3),
    ]
    rng = random.Random(8)
    for _ in range(FAULTS):
        rng.choice(faults)()
    clock.set(FIRST_SWEEP)
    for _ in range(40):  # ten days of sweeps, past the due date, six hours apart
        slack_services.reminders.send_due()
        clock.set(clock.now() + timedelta(hours=6))
    assert slack.faults_left() == 0
    received = reminders_received(slack)
    assert set(received) == {"DU1", "DU2", "DU3"}
    duplicates = sum(n - 1 for counts in received.values() for n in counts.values())
    assert duplicates == 0
    delivered = sum(len(counts) for counts in received.values())
    assert states(sessions) == {"sent": delivered}


def test_without_the_history_scope_a_retry_is_still_sent(
    slack_services: Services, clock: FixedClock, slack: FakeSlack, sessions
) -> None:
    slack.fail_next("chat.postMessage", 500)
    slack.fail_next("conversations.history", 400, "missing_scope", times=2)
    clock.set(FIRST_SWEEP)
    slack_services.reminders.send_due()
    clock.set(FIRST_SWEEP + timedelta(minutes=6))
    slack_services.reminders.send_due()
    assert all(len(counts) == len(AUGUST_ITEMS) for counts in reminders_received(slack).values())
    assert set(states(sessions)) == {"sent"}
