"""`actionbot remind` end to end: the Annex A actions, a fake Slack, and sweeps at chosen times."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime

import pytest

from bot.cli import main
from bot.clock import FixedClock
from bot.config import Settings
from bot.services import build_services
from tests.annex_a import AUGUST_ITEMS, SECRETARY, add_annex_a
from tests.fakes.slack_api import FakeSlack


@pytest.fixture
def slack() -> FakeSlack:
    with FakeSlack() as fake:
        fake.add_user("U1")
        fake.add_user("U2")
        yield fake


@pytest.fixture
def annex_database(fresh_database, slack, monkeypatch, tmp_path) -> str:  # type: ignore[no-untyped-def]
    """The Annex A actions added on 25 July 2022, with MPS mapped to U1 and U2."""
    settings = Settings(
        _env_file=None, database_url=fresh_database.url, secretary_user_ids=["USEC"]
    )
    services = build_services(settings, clock=FixedClock(datetime(2022, 7, 25, 10, tzinfo=UTC)))
    services.leads.map_users(SECRETARY, "MPS", user_ids=["U1", "U2"], aliases=[])
    add_annex_a(services)
    services.engine.dispose()
    monkeypatch.chdir(tmp_path)  # no developer .env
    monkeypatch.setenv("DATABASE_URL", fresh_database.url)
    monkeypatch.setenv("SLACK_API_URL", slack.api_url)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SECRETARY_USER_IDS", "USEC")
    return fresh_database.url


def remind(*args: str) -> int:
    return main(["remind", *args])


def posts(slack: FakeSlack) -> list[tuple[str, str]]:
    return [
        (slack.landed_in(c), json.dumps(c.args["blocks"], ensure_ascii=False))
        for c in slack.answered("chat.postMessage")
    ]


def test_the_annex_reminders_a_week_before_once_not_on_saturday_then_overdue(
    annex_database, slack, capsys
) -> None:
    assert remind("--now", "2022-08-24T09:30:00+01:00") == 0
    first = posts(slack)
    assert Counter(channel for channel, _ in first) == {"DU1": 1, "DU2": 1}
    for _, blocks in first:
        assert blocks.count("due in 7 days") == len(AUGUST_ITEMS)
        assert "overdue" not in blocks.lower()
    out = capsys.readouterr().out
    assert "sent to U1" in out and "sent to U2" in out
    assert "Sent 2 digest(s) with 14 item(s)" in out

    assert remind("--now", "2022-08-24T09:30:00+01:00") == 0
    assert "Sent 0 digest(s)" in capsys.readouterr().out
    assert remind("--now", "2022-08-27T09:30:00+01:00") == 0  # a Saturday
    assert "Sent 0 digest(s)" in capsys.readouterr().out
    assert len(posts(slack)) == 2

    assert remind("--now", "2022-09-01T09:30:00+01:00") == 0
    later = posts(slack)[2:]
    assert Counter(channel for channel, _ in later) == {"DU1": 1, "DU2": 1}
    for _, blocks in later:
        assert blocks.count("overdue by 1 day") == len(AUGUST_ITEMS)
    assert "overdue by 1 day" in capsys.readouterr().out


def test_a_dry_run_shows_the_digests_and_sends_nothing(annex_database, slack, capsys) -> None:
    assert remind("--now", "2022-08-24T09:30:00+01:00", "--dry-run") == 0
    out = capsys.readouterr().out
    assert "would send to U1" in out and "dry run" in out
    assert slack.called("chat.postMessage") == []
    assert remind("--now", "2022-08-24T09:30:00+01:00") == 0
    assert len(posts(slack)) == 2


def test_remind_without_a_token_explains_what_to_do(annex_database, monkeypatch, capsys) -> None:
    monkeypatch.delenv("SLACK_BOT_TOKEN")
    assert remind() == 2
    assert "SLACK_BOT_TOKEN" in capsys.readouterr().err


def test_a_bad_now_is_refused_with_an_example(annex_database, capsys) -> None:
    with pytest.raises(SystemExit):
        remind("--now", "next tuesday")
    assert "2022-08-24T09:30:00+01:00" in capsys.readouterr().err
