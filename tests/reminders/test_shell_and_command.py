"""Reminders offline: the shell's :sweep line, and /actions remind in the command language."""

from __future__ import annotations

import pytest

from bot.commands import Context
from bot.commands.execute import execute
from bot.console.messenger import ConsoleMessenger
from bot.console.render import render
from bot.console.shell import Shell
from bot.services import Services, build_services
from tests.annex_a import SECRETARY, add_annex_a


@pytest.fixture
def console() -> ConsoleMessenger:
    return ConsoleMessenger()


@pytest.fixture
def shell_services(settings, clock, migrated_engine, sessions, console) -> Services:  # type: ignore[no-untyped-def]
    services = build_services(
        settings,
        clock=clock,
        engine=migrated_engine,
        sessions=sessions,
        migrate=False,
        notifier=console,
    )
    services.leads.map_users(SECRETARY, "MPS", user_ids=["U1", "U2"], aliases=[])
    services.annex = add_annex_a(services)  # type: ignore[attr-defined]
    return services


def test_sweep_prints_each_direct_message_and_records_it_on_a_throwaway_database(
    shell_services, console
) -> None:
    shell = Shell(shell_services, "USEC", messenger=console, record_sweeps=True)
    out = shell.handle(":sweep 2022-08-24T09:30+01:00")
    assert out.count("--- direct message to @") == 2
    assert "--- direct message to @U1 ---" in out and "Coming up:" in out
    messages = out.split("Reminder sweep at")[0]
    assert messages.count("due in 7 days") == 14
    assert "Sent 2 digest(s) with 14 item(s)" in out
    again = shell.handle(":sweep 2022-08-24T09:30+01:00")
    assert "direct message" not in again and "Sent 0 digest(s)" in again


def test_on_a_real_database_sweep_is_a_dry_run(shell_services, console) -> None:
    shell = Shell(shell_services, "USEC", messenger=console)
    first = shell.handle(":sweep 2022-08-24T09:30")  # no offset: TIMEZONE, Europe/London
    assert first.count("--- direct message to @") == 2 and "dry run" in first
    assert shell.handle(":sweep 2022-08-24T09:30").count("--- direct message to @") == 2


def test_sweep_with_a_bad_time_says_how_to_write_it(shell_services, console) -> None:
    assert "try :sweep 2022-08-24T09:30+01:00" in Shell(
        shell_services, "USEC", messenger=console
    ).handle(":sweep tomorrow")


def test_remind_sends_the_nudge_and_shows_it_in_the_history(shell_services, console) -> None:
    shell = Shell(shell_services, "USEC", messenger=console)
    two = shell_services.annex["2"]
    out = shell.handle(f"/actions remind {two} the board meets on Thursday")
    assert out.startswith(f"Reminder sent to @U1, @U2 about #{two}")
    assert "--- direct message to @U1 ---" in out and "“the board meets on Thursday”" in out
    history = shell.handle(f"/actions show {two}")
    assert "@USEC reminded @U1, @U2 — the board meets on Thursday" in history


def test_only_a_secretary_may_nudge(shell_services, console) -> None:
    reply = execute(f"remind {shell_services.annex['2']}", Context("U1", shell_services))
    assert reply.error and "Only a board secretary" in reply.text


def test_a_nudge_needs_an_open_action_that_someone_leads(shell_services, console) -> None:
    completed = shell_services.annex["14"]
    reply = execute(f"remind {completed}", Context("USEC", shell_services))
    assert reply.error and "nothing to remind" in reply.text
    missing = max(shell_services.annex.values()) + 100
    assert f"no action #{missing}" in render(
        execute(f"remind {missing}", Context("USEC", shell_services))
    )
    added = execute(
        'add Align the reviews lead:MOPAC due:"August 2022"', Context("USEC", shell_services)
    )
    reply = execute(f"remind {added.action.id}", Context("USEC", shell_services))
    assert reply.error and "MOPAC has no Slack user yet" in reply.text
    assert '/actions lead "MOPAC" @someone' in reply.text
