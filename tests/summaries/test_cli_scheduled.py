"""What the scheduled jobs send as of a date, from the command line: `actionbot remind` (reminders
and update requests), `actionbot summary --scheduled` and `actionbot shell --now`, dry or not."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, func, select

from bot.cli import main
from bot.clock import FixedClock
from bot.config import Settings
from bot.models.boards import ScheduledPost
from bot.services import build_services
from tests.annex_a import SECRETARY, add_annex_a
from tests.conftest import BACKENDS
from tests.fakes.slack_api import FakeSlack

# Thursday 13 October 2022: the summary for the 20 October meeting is due from 09:00.
SUMMARY_DAY = "2022-10-13T09:30:00+01:00"
# Thursday 6 October 2022: ten working days before the meeting, the update requests are due.
REQUEST_DAY = "2022-10-06T09:30:00+01:00"

pytestmark = pytest.mark.parametrize("fresh_database", BACKENDS, indirect=True)


@pytest.fixture
def slack() -> FakeSlack:
    with FakeSlack() as fake:
        for user in ("U1", "U2", "USEC"):
            fake.add_user(user)
        yield fake


@pytest.fixture
def annex_url(fresh_database, slack, monkeypatch, tmp_path) -> str:  # type: ignore[no-untyped-def]
    """The Annex A actions and their 20 October meeting; the board has no channel or secretaries
    of its own, and MPS is mapped to U1 and U2."""
    settings = Settings(
        _env_file=None, database_url=fresh_database.url, secretary_user_ids=["USEC"]
    )
    services = build_services(settings, clock=FixedClock(datetime(2022, 7, 25, 10, tzinfo=UTC)))
    services.leads.map_users(SECRETARY, "MPS", user_ids=["U1", "U2"], aliases=[])
    add_annex_a(services, with_next_meeting=True)
    services.engine.dispose()
    monkeypatch.chdir(tmp_path)  # no developer .env
    monkeypatch.setenv("DATABASE_URL", fresh_database.url)
    monkeypatch.setenv("SLACK_API_URL", slack.api_url)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SECRETARY_USER_IDS", "USEC")
    return fresh_database.url


def claims(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.scalar(select(func.count()).select_from(ScheduledPost)) or 0
    finally:
        engine.dispose()


def test_the_summary_post_dry_then_for_real_then_never_again(annex_url, slack, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["summary", "--scheduled", "--dry-run", "--now", SUMMARY_DAY]) == 0
    out = capsys.readouterr().out
    assert (
        "--- direct message to @USEC ---\n_Performance and Risk Oversight Board has no channel, "
        "so its summary for the meeting of 20 October 2022 comes to you as a secretary of every "
        "board (it has no secretaries of its own). A secretary of every board can give it one "
        'with `/actions board set "Performance and Risk Oversight Board" channel:#channel`._\n\n'
        "# Matters arising"
    ) in out
    assert (
        "Scheduled summaries at 2022-10-13T09:30+01:00 (dry run: nothing sent or recorded)" in out
    )
    assert (
        "  would send to @USEC (Performance and Risk Oversight Board has no channel or "
        "secretaries of its own): Performance and Risk Oversight Board, meeting of 20 October 2022"
    ) in out
    assert "Would send 1 summary post(s); failed 0" in out
    assert slack.called("chat.postMessage") == []
    assert claims(annex_url) == 0

    assert main(["summary", "--scheduled", "--now", SUMMARY_DAY]) == 0
    assert "Sent 1 summary post(s)" in capsys.readouterr().out
    texts = [message["text"] for message in slack.messages_in("DUSEC")]
    assert [text.split(",")[0] for text in texts] == [
        "Performance and Risk Oversight Board has no channel",  # why it comes to them
        "Matters arising: Performance and Risk Oversight Board",
    ]
    assert main(["summary", "--scheduled", "--now", SUMMARY_DAY]) == 0
    assert "Sent 0 summary post(s)" in capsys.readouterr().out
    assert len(slack.messages_in("DUSEC")) == 2


def test_a_day_before_the_summary_is_due_nothing_would_go(annex_url, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["summary", "--scheduled", "--dry-run", "--now", "2022-10-13T08:59"]) == 0
    assert "Would send 0 summary post(s)" in capsys.readouterr().out


def test_remind_runs_the_update_requests_too(annex_url, slack, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["remind", "--dry-run", "--now", REQUEST_DAY]) == 0
    out = capsys.readouterr().out
    assert "Reminder sweep at 2022-10-06T09:30+01:00 (dry run" in out
    assert "Update requests at 2022-10-06T09:30+01:00 (dry run: nothing sent or recorded)" in out
    assert "--- direct message to @U1 ---\nUpdate needed before Performance and Risk" in out
    assert (
        "  would send to @U1: Performance and Risk Oversight Board, meeting of 20 October 2022"
        in out
    )
    assert "Would send 2 update request(s)" in out
    assert slack.called("chat.postMessage") == []
    assert claims(annex_url) == 0

    assert main(["remind", "--now", REQUEST_DAY]) == 0
    assert "Sent 2 update request(s)" in capsys.readouterr().out
    assert main(["remind", "--now", REQUEST_DAY]) == 0
    assert "Sent 0 update request(s)" in capsys.readouterr().out
    assert claims(annex_url) == 2


@pytest.mark.parametrize(
    "argv",
    [
        ["remind", "--dry-run", "--now", "2022-13-45"],
        ["summary", "--scheduled", "--dry-run", "--now", "next Thursday"],
        ["shell", "--now", "13/10/2022"],
    ],
)
def test_a_bad_date_is_explained_and_nothing_runs(annex_url, slack, capsys, argv) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert f"'{argv[-1]}' is not an ISO date and time; write e.g. 2022-08-24T09:30:00+01:00" in err
    assert slack.calls == []


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["summary", "--dry-run"], "--dry-run goes with --scheduled"),
        (["summary", "--scheduled", "--board", "PROB"], "so --board does not apply"),
    ],
)
def test_options_that_do_not_go_together_are_explained(annex_url, capsys, argv, says) -> None:  # type: ignore[no-untyped-def]
    assert main(argv) == 2
    assert says in capsys.readouterr().err


def test_the_shell_on_a_stopped_clock_shows_what_the_jobs_would_send(  # type: ignore[no-untyped-def]
    annex_url, slack, capsys, monkeypatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(":sweep\n/actions meetings\n"))
    assert main(["shell", "--now", SUMMARY_DAY]) == 0
    captured = capsys.readouterr()
    assert "The clock is stopped at 2022-10-13T09:30+01:00" in captured.err
    out = captured.out
    assert "Reminder sweep at 2022-10-13T09:30+01:00 (dry run" in out
    assert "Scheduled summaries at 2022-10-13T09:30+01:00 (dry run" in out
    assert "  would send to @USEC (" in out
    # On the system clock, the October 2022 meeting would be long past.
    assert "  20 October 2022\n  Last meeting: 24 June 2022." in out
    assert slack.called("chat.postMessage") == []
    assert claims(annex_url) == 0
