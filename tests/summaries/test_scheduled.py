"""Scheduled summaries and update requests: sent once per meeting, however many sweeps run."""

from __future__ import annotations

import threading
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pydantic import SecretStr
from sqlalchemy import select

from bot.actions.service import NewAction
from bot.clock import FixedClock
from bot.leads.service import LeadRef
from bot.models.boards import Meeting, PostKind, PostStatus, ScheduledPost
from bot.services import Services, build_services
from bot.summaries.claims import ClaimRepository, PostKey
from bot.summaries.model import Summary
from bot.summaries.ports import ForwardedSummary, PublishError, Recipient, UpdateRequest
from jobs import summaries as jobs
from tests.annex_a import BOARD, SECRETARY, add_annex_a
from tests.summaries.conftest import RecordingPublisher

LONDON = ZoneInfo("Europe/London")
# Thursday 13 October 2022, five working days before the meeting of Thursday 20 October.
SUMMARY_DAY = datetime(2022, 10, 13, 9, 30, tzinfo=LONDON)


def seed(services: Services) -> None:
    add_annex_a(services, with_next_meeting=True)
    services.boards.change(SECRETARY, BOARD, short_name="PROB", channel_id="C0PROB")
    services.leads.map_users(SECRETARY, "MPS", user_ids=["U0MPS"], aliases=[])
    services.leads.map_users(SECRETARY, "MOPAC", user_ids=["U0MOPAC"], aliases=[])
    services.boards.create(SECRETARY, "Finance Board", short_name="FIN", channel_id="C0FIN")
    services.boards.add_meeting(SECRETARY, "FIN", date(2022, 10, 19), every="monthly")
    services.actions.add(
        SECRETARY, NewAction("Budget monitoring report", [LeadRef(name="MOPAC")], board="FIN")
    )


def summaries_posted(publisher: RecordingPublisher) -> list[tuple[str, str]]:
    summaries = [
        (to, content.summary if isinstance(content, ForwardedSummary) else content)
        for to, content in publisher.posts
    ]
    return sorted(
        (str(to), summary.input.board_name)
        for to, summary in summaries
        if isinstance(summary, Summary)
    )


def requests_sent(publisher: RecordingPublisher) -> list[tuple[str, str, int]]:
    return sorted(
        (content.user_id, content.board_name, len(content.items))
        for _, content in publisher.posts
        if isinstance(content, UpdateRequest)
    )


EXPECTED_SUMMARIES = [("#C0FIN", "Finance Board"), ("#C0PROB", BOARD)]
EXPECTED_REQUESTS = [("U0MOPAC", "Finance Board", 1), ("U0MOPAC", BOARD, 2), ("U0MPS", BOARD, 14)]


# Within one test database (rolled back)


def test_asked_to_stop_it_begins_no_other_post_and_the_next_run_sends_the_rest(
    services,
    clock,  # type: ignore[no-untyped-def]
    publisher,
) -> None:
    seed(services)
    clock.set(SUMMARY_DAY)
    post = publisher.post

    def post_then_stop(to, content):  # type: ignore[no-untyped-def]
        services.stopping.set()  # SIGTERM arrives while the first request is being sent
        return post(to, content)

    publisher.post = post_then_stop
    assert services.summaries.send_update_requests() == 1
    publisher.post = post
    services.stopping.clear()  # the next process
    assert services.summaries.send_update_requests() == 2
    assert requests_sent(publisher) == EXPECTED_REQUESTS


def test_nothing_is_posted_before_the_day(services, clock, publisher) -> None:  # type: ignore[no-untyped-def]
    seed(services)
    # Finance meets on Wednesday 19 October: its summary is due from 09:00 on the 12th.
    clock.set(datetime(2022, 10, 12, 8, 59, tzinfo=LONDON))
    assert services.summaries.post_due_summaries() == 0
    # ...and its update requests, ten working days ahead, from the 5th.
    clock.set(datetime(2022, 10, 4, 12, tzinfo=LONDON))
    assert services.summaries.send_update_requests() == 0
    assert publisher.posts == []


def test_each_meeting_gets_one_summary_and_each_person_one_request(
    services,
    clock,  # type: ignore[no-untyped-def]
    publisher,
) -> None:
    seed(services)
    clock.set(SUMMARY_DAY)
    assert services.summaries.post_due_summaries() == 2
    assert services.summaries.send_update_requests() == 3
    clock.set(SUMMARY_DAY + timedelta(days=1))
    assert services.summaries.post_due_summaries() == 0
    assert services.summaries.send_update_requests() == 0
    assert summaries_posted(publisher) == EXPECTED_SUMMARIES
    assert requests_sent(publisher) == EXPECTED_REQUESTS
    summary = next(
        c for _, c in publisher.posts if isinstance(c, Summary) and c.input.board_name == BOARD
    )
    assert summary.totals.overdue == 8


def test_a_board_without_a_channel_sends_its_summary_to_the_secretaries(  # type: ignore[no-untyped-def]
    services, clock, publisher
) -> None:
    seed(services)
    services.boards.change(SECRETARY, "FIN", channel_id=None)
    clock.set(SUMMARY_DAY)
    assert services.summaries.post_due_summaries() == 2
    assert summaries_posted(publisher) == [("#C0PROB", BOARD), ("@USEC", "Finance Board")]
    assert services.summaries.post_due_summaries() == 0


def test_a_failed_post_is_retried_and_a_hopeless_one_is_not(services, clock, publisher) -> None:  # type: ignore[no-untyped-def]
    seed(services)
    services.boards.cancel_meeting(SECRETARY, "FIN", date(2022, 10, 19))
    clock.set(SUMMARY_DAY)
    publisher.fail_with.append(PublishError("Slack is down", retry=True))
    assert services.summaries.post_due_summaries() == 0
    assert services.summaries.post_due_summaries() == 1
    with services.sessions.begin() as session:
        claim = session.scalar(select(ScheduledPost).where(ScheduledPost.kind == PostKind.SUMMARY))
        assert (claim.status, claim.attempts, claim.error) == (PostStatus.SENT, 2, None)

    publisher.fail_with.append(PublishError("user gone", retry=False))
    assert services.summaries.send_update_requests() == 1
    assert services.summaries.send_update_requests() == 0
    assert len(requests_sent(publisher)) == 1


def test_a_claim_left_by_a_dead_sender_is_taken_over_after_the_lease(
    services,
    clock,  # type: ignore[no-untyped-def]
    publisher,
) -> None:
    seed(services)
    services.boards.cancel_meeting(SECRETARY, "FIN", date(2022, 10, 19))
    clock.set(SUMMARY_DAY)
    with services.sessions.begin() as session:
        meeting = session.scalar(select(Meeting).where(Meeting.date == date(2022, 10, 20)))
        key = PostKey(PostKind.SUMMARY, meeting.board_id, meeting.id, "channel")
        ClaimRepository(session).insert(key, clock.now() - timedelta(minutes=5))
    assert services.summaries.post_due_summaries() == 0
    clock.set(SUMMARY_DAY + timedelta(minutes=20))
    assert services.summaries.post_due_summaries() == 1


def test_the_job_functions_call_the_services(services, clock, publisher) -> None:  # type: ignore[no-untyped-def]
    seed(services)
    clock.set(SUMMARY_DAY)
    jobs.extend_meeting_calendars(services)
    jobs.post_due_summaries(services)
    jobs.send_update_requests(services)
    assert len(publisher.posts) == 5


# Two schedulers on one database, with real commits


def scheduler(settings, url: str, publisher: RecordingPublisher) -> Services:  # type: ignore[no-untyped-def]
    return build_services(
        settings.model_copy(update={"database_url": SecretStr(url)}),
        clock=FixedClock(SUMMARY_DAY),
        publisher=publisher,
    )


def test_two_sweeps_one_after_the_other_post_once(fresh_database, settings) -> None:  # type: ignore[no-untyped-def]
    publisher = RecordingPublisher()
    first = scheduler(settings, fresh_database.url, publisher)
    first.clock.set(datetime(2022, 7, 20, 12, tzinfo=LONDON))  # type: ignore[attr-defined]
    seed(first)
    first.clock.set(SUMMARY_DAY)  # type: ignore[attr-defined]
    second = scheduler(settings, fresh_database.url, publisher)
    try:
        for sweep in (first, second, first):
            sweep.summaries.post_due_summaries()
            sweep.summaries.send_update_requests()
    finally:
        first.engine.dispose()
        second.engine.dispose()
    assert summaries_posted(publisher) == EXPECTED_SUMMARIES
    assert requests_sent(publisher) == EXPECTED_REQUESTS


class SlowPublisher(RecordingPublisher):
    """Holds each post a moment, so that a second scheduler's sweep overlaps the first."""

    def post(self, to: Recipient, content) -> int:  # type: ignore[no-untyped-def]
        time.sleep(0.05)
        return super().post(to, content)


@pytest.mark.postgres
@pytest.mark.parametrize("fresh_database", ["postgresql"], indirect=True)
@pytest.mark.parametrize(
    ("fin_channel", "fin_summary_to"),
    # Without a channel, the Finance Board's summary goes to SECRETARY_USER_IDS by DM.
    [("C0FIN", "#C0FIN"), (None, "@USEC")],
)
def test_two_schedulers_sweeping_at_once_post_once(  # type: ignore[no-untyped-def]
    fresh_database, settings, fin_channel, fin_summary_to
) -> None:
    publisher = SlowPublisher()
    schedulers = [scheduler(settings, fresh_database.url, publisher) for _ in range(2)]
    schedulers[0].clock.set(datetime(2022, 7, 20, 12, tzinfo=LONDON))  # type: ignore[attr-defined]
    seed(schedulers[0])
    schedulers[0].boards.change(SECRETARY, "FIN", channel_id=fin_channel)
    schedulers[0].clock.set(SUMMARY_DAY)  # type: ignore[attr-defined]
    start = threading.Barrier(len(schedulers))
    errors: list[BaseException] = []

    def sweep(services: Services) -> None:
        try:
            start.wait()
            services.summaries.post_due_summaries()
            services.summaries.send_update_requests()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=sweep, args=(s,)) for s in schedulers]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        for services in schedulers:
            services.engine.dispose()
    assert errors == []
    assert summaries_posted(publisher) == sorted(
        [(fin_summary_to, "Finance Board"), ("#C0PROB", BOARD)]
    )
    assert requests_sent(publisher) == EXPECTED_REQUESTS
