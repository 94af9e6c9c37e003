"""A board without a channel: its scheduled summary goes to its secretaries, or to those of every
board, by direct message, once each; with nobody to send it to, a warning says what to set."""

from __future__ import annotations

import json
import logging
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.actions.service import NewAction
from bot.config import Settings
from bot.leads.service import LeadRef
from bot.models.boards import PostKind
from bot.services import Services, build_services
from bot.slack.client import build_client
from bot.slack.messenger import SlackMessenger
from jobs.scheduler import build_scheduler
from tests.annex_a import SECRETARY
from tests.fakes.slack_api import FakeSlack

LONDON = ZoneInfo("Europe/London")
# Thursday 13 October 2022, 09:30: the Finance Board's summary for Wednesday the 19th is due.
SUMMARY_DAY = datetime(2022, 10, 13, 9, 30, tzinfo=LONDON)


def finance_board(services: Services, *, secretaries: list[str]) -> None:
    services.boards.create(SECRETARY, "Finance Board", short_name="FIN", secretaries=secretaries)
    services.boards.add_meeting(SECRETARY, "FIN", date(2022, 10, 19))
    services.actions.add(
        SECRETARY,
        NewAction(
            "Budget monitoring report", [LeadRef(name="MOPAC")], board="FIN", timing="2022-10-01"
        ),
    )


def run_summary_job(services: Services) -> None:
    """The scheduler's own job, as registered, run once."""
    job = build_scheduler(services).get_job("summaries.post_due")
    job.func(*job.args)


def scheduler_on(services: Services, settings: Settings, slack: FakeSlack) -> Services:
    """Another scheduler on the same database, with its own Slack client."""
    settings = settings.model_copy(update={"slack_api_url": slack.api_url})
    messenger = SlackMessenger(build_client(settings, timeout=5))
    return build_services(
        settings,
        clock=services.clock,
        engine=services.engine,
        sessions=services.sessions,
        migrate=False,
        notifier=messenger,
        publisher=messenger,
    )


def summaries_in(slack: FakeSlack, channel: str) -> list[str]:
    """The messages that landed in `channel`, as the blocks Slack was sent (the fake keeps only
    their text)."""
    blocks = {
        call.args.get("text"): json.dumps(call.args.get("blocks"), ensure_ascii=False)
        for call in slack.answered("chat.postMessage")
        if slack.landed_in(call) == channel
    }
    return [blocks[message["text"]] for message in slack.messages_in(channel)]


def test_the_boards_secretaries_get_it_by_direct_message_once_each(  # type: ignore[no-untyped-def]
    slack_services, slack_settings, slack, clock
) -> None:
    for user in ("UBS1", "UBS2", "USEC"):
        slack.add_user(user)
    finance_board(slack_services, secretaries=["UBS1", "UBS2"])
    clock.set(SUMMARY_DAY)
    failures = iter([{"ok": False, "error": "fatal_error"}])  # Slack fails the first post once
    slack.on("chat.postMessage", lambda args: next(failures, None) or slack._post(args))

    run_summary_job(slack_services)
    second = scheduler_on(slack_services, slack_settings, slack)
    for services in (slack_services, second, slack_services):
        run_summary_job(services)

    for dm in ("DUBS1", "DUBS2"):
        posted = summaries_in(slack, dm)
        assert len(posted) == 2, dm  # why it comes to them, then the summary
        assert (
            "Finance Board has no channel, so its summary for the meeting of 19 October 2022 "
            "comes to you as a secretary of the board. A secretary of every board can give it "
            "one with `/actions board set FIN channel:#channel`."
        ) in posted[0]
        assert "Matters arising: Finance Board" in posted[1]
        assert "Budget monitoring report" in posted[1]
    assert summaries_in(slack, "DUSEC") == []


def test_with_no_secretaries_of_its_own_those_of_every_board_get_it(  # type: ignore[no-untyped-def]
    slack_services, slack, clock
) -> None:
    slack.add_user("USEC")
    finance_board(slack_services, secretaries=[])
    clock.set(SUMMARY_DAY)
    run_summary_job(slack_services)
    run_summary_job(slack_services)
    posted = summaries_in(slack, "DUSEC")
    assert len(posted) == 2
    assert "comes to you as a secretary of every board" in posted[0]
    assert "Matters arising: Finance Board" in posted[1]


def test_with_nobody_at_all_a_warning_says_what_to_set_once(  # type: ignore[no-untyped-def]
    slack_services, slack_settings, slack, clock, caplog
) -> None:
    nobody = scheduler_on(
        slack_services, slack_settings.model_copy(update={"secretary_user_ids": []}), slack
    )
    finance_board(slack_services, secretaries=[])
    clock.set(SUMMARY_DAY)
    with caplog.at_level(logging.INFO, logger="bot.summaries"):
        run_summary_job(nobody)
        run_summary_job(nobody)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "The summary of Finance Board for 19 October 2022 has nobody to go to" in warnings[0]
    assert "/actions board set FIN channel:#channel" in warnings[0]
    assert "SECRETARY_USER_IDS" in warnings[0]
    assert slack.called("chat.postMessage") == []


@pytest.mark.parametrize("channel", [None, "C0FIN"])
def test_a_dry_run_sends_and_claims_nothing(slack_services, slack, clock, channel) -> None:  # type: ignore[no-untyped-def]
    slack.add_user("UBS1")
    finance_board(slack_services, secretaries=["UBS1"])
    if channel:
        slack_services.boards.change(SECRETARY, "FIN", channel_id=channel)
    clock.set(SUMMARY_DAY)
    preview = slack_services.summaries.scheduled.run(PostKind.SUMMARY, dry_run=True)
    assert [str(post.to) for post in preview.sent] == ([f"#{channel}"] if channel else ["@UBS1"])
    assert slack.called("chat.postMessage") == []
    run_summary_job(slack_services)  # nothing was claimed: the real run still sends it
    assert len(slack.messages_in(channel or "DUBS1")) == (1 if channel else 2)
