"""Scheduled summaries and update requests whose answer was lost are still posted only once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.clock import FixedClock
from bot.config import Settings
from bot.models.boards import ScheduledPost
from bot.services import Services, build_services
from bot.slack.client import build_client
from bot.slack.messenger import SlackMessenger
from tests.annex_a import BOARD, SECRETARY, add_annex_a
from tests.fakes.slack_api import FakeSlack

# Five working days before the meeting of Thursday 20 October 2022.
SUMMARY_DAY = datetime(2022, 10, 13, 9, 30, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        for user in ("U0MPS", "U0MOPAC", "USEC"):
            fake.add_user(user)
        yield fake


@pytest.fixture
def posting(
    settings: Settings, clock: FixedClock, migrated_engine, sessions, slack: FakeSlack
) -> Services:
    settings = settings.model_copy(update={"slack_api_url": slack.api_url})
    services = build_services(
        settings,
        clock=clock,
        engine=migrated_engine,
        sessions=sessions,
        migrate=False,
        publisher=SlackMessenger(build_client(settings, timeout=5)),
    )
    add_annex_a(services, with_next_meeting=True)
    services.boards.change(SECRETARY, BOARD, short_name="PROB", channel_id="C0PROB")
    services.leads.map_users(SECRETARY, "MPS", user_ids=["U0MPS"], aliases=[])
    services.leads.map_users(SECRETARY, "MOPAC", user_ids=["U0MOPAC"], aliases=[])
    return services


def test_posts_answered_500_or_dropped_after_landing_are_recorded_sent_not_reposted(
    posting: Services, clock: FixedClock, slack: FakeSlack, sessions
) -> None:
    clock.set(SUMMARY_DAY)
    slack.post_then_fail(500)  # the board summary lands, Slack answers 500
    posting.summaries.post_due_summaries()
    slack.post_then_drop()  # the first update request lands, the connection drops
    posting.summaries.send_update_requests()
    for later in (1, 2):  # later sweeps find nothing left to do
        clock.set(SUMMARY_DAY + timedelta(hours=later))
        posting.summaries.post_due_summaries()
        posting.summaries.send_update_requests()
    assert set(slack.posted) == {"C0PROB", "DU0MPS", "DU0MOPAC"}
    for channel, messages in slack.posted.items():
        texts = [m["text"] for m in messages]
        assert len(texts) == len(set(texts)), f"{channel} got a message twice: {texts}"
    with sessions() as session:
        assert set(session.scalars(select(ScheduledPost.status))) == {"sent"}
