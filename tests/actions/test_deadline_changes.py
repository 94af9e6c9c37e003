"""Moving a deadline: by a lead alone or on a secretary's acceptance, and secretaries told."""

from __future__ import annotations

import json

import pytest

from bot.commands import Context
from bot.commands.execute import execute
from bot.console.render import render
from bot.reminders.digest import digest_text
from bot.services import Services, build_services
from bot.slack.blocks.digest import build_digest_messages
from bot.slack.blocks.summary import build_summary_messages
from tests.reminders.conftest import RecordingNotifier

LEAD, BOARD_SEC, GLOBAL = "UALICE", "UBSEC", "USEC"


@pytest.fixture
def notifier() -> RecordingNotifier:
    return RecordingNotifier()


def make_services(settings, clock, migrated_engine, sessions, notifier, **changes) -> Services:  # type: ignore[no-untyped-def]
    return build_services(
        settings.model_copy(update=changes),
        clock=clock,
        engine=migrated_engine,
        sessions=sessions,
        migrate=False,
        notifier=notifier,
    )


@pytest.fixture
def services(settings, clock, migrated_engine, sessions, notifier) -> Services:  # type: ignore[no-untyped-def]
    return make_services(settings, clock, migrated_engine, sessions, notifier)


def run(services: Services, user: str, text: str) -> str:
    return render(execute(text, Context(user, services)))


def setup_board(services: Services, *, secretaries: str = f"secretary:<@{BOARD_SEC}>") -> int:
    run(services, GLOBAL, f"board add Alpha {secretaries}")
    run(services, GLOBAL, f"lead MPS <@{LEAD}>")
    reply = run(services, GLOBAL, 'add Send the report lead:MPS board:Alpha due:"August 2022"')
    return int(reply.split("Added #", 1)[1].split()[0])


def told(notifier: RecordingNotifier, user: str) -> list[str]:
    return [digest_text(d) for d in notifier.to(user) if d.move is not None]


def test_a_lead_moves_the_deadline_and_the_boards_secretary_is_told(services, notifier) -> None:  # type: ignore[no-untyped-def]
    action = setup_board(services)
    reply = run(services, LEAD, f'update {action} due:"November 2022" waiting for the data')
    assert f"Updated #{action}" in reply
    assert "agreed August 2022, now November 2022" in reply
    assert "Told 1 secretary by direct message." in reply
    [notice] = told(notifier, BOARD_SEC)
    assert notice.startswith(
        f"@{LEAD} moved the deadline of #{action} from August 2022 to November 2022 "
        "(the board agreed August 2022)."
    )
    assert told(notifier, LEAD) == [] and told(notifier, GLOBAL) == []
    [message] = build_digest_messages(notifier.to(BOARD_SEC)[0])
    blocks = json.dumps(message.blocks)
    assert f"<@{LEAD}> moved the deadline of #{action}" in blocks
    assert "&gt; waiting for the data" in blocks  # a quote, as Slack stores one
    # Moved again, the board's agreed deadline stays what it was.
    run(services, LEAD, f'update {action} due:"December 2022"')
    assert "agreed August 2022, now December 2022" in run(services, LEAD, f"show {action}")


def test_without_board_secretaries_every_boards_secretaries_are_told(services, notifier) -> None:  # type: ignore[no-untyped-def]
    action = setup_board(services, secretaries="")
    run(services, LEAD, f'update {action} due:"September 2022"')
    assert len(told(notifier, GLOBAL)) == 1


def test_a_failed_message_never_undoes_the_move(services, notifier) -> None:  # type: ignore[no-untyped-def]
    action = setup_board(services)
    notifier.failures[BOARD_SEC] = [("channel_not_found", True)]
    reply = run(services, LEAD, f'update {action} due:"November 2022"')
    assert "A direct message to a secretary failed (channel_not_found); the change is saved." in (
        reply
    )
    assert "agreed August 2022, now November 2022" in run(services, BOARD_SEC, f"show {action}")


def test_a_malformed_or_unchanged_deadline_changes_nothing(services, notifier) -> None:  # type: ignore[no-untyped-def]
    action = setup_board(services)
    before = run(services, BOARD_SEC, f"show {action}")
    assert run(services, LEAD, f'update {action} due:"Smarch 2022"').startswith("Error:")
    assert run(services, LEAD, f'update {action} due:"August 2022"').startswith("Error:")
    assert run(services, "UOUTSIDER", f'update {action} due:"May 2023"').startswith("Error: #")
    assert run(services, BOARD_SEC, f"show {action}") == before
    assert notifier.digests == []


def test_where_secretaries_decide_a_leads_move_is_a_proposal(services, notifier) -> None:  # type: ignore[no-untyped-def]
    action = setup_board(services)
    reply = run(services, GLOBAL, "board set Alpha deadlines:secretary")
    assert "deadlines: a lead proposes, a secretary accepts" in reply
    reply = run(services, LEAD, f'update {action} due:"November 2022" waiting for the data')
    assert (
        "Proposed: November 2022. A board secretary accepts or declines it; until then the "
        "deadline stays August 2022."
    ) in reply
    shown = run(services, BOARD_SEC, f"show {action}")
    assert "now November" not in shown
    assert "proposed due: August 2022 -> November 2022 — waiting for the data" in shown
    [notice] = told(notifier, BOARD_SEC)
    assert f"@{LEAD} proposes moving the deadline of #{action} from August 2022 to November" in (
        notice
    )
    assert f"`/actions accept {action}`" in notice

    # Until a secretary decides, the summary shows the proposal and counts nothing as slipped.
    run(services, GLOBAL, "meeting Alpha 20 October 2022")
    waiting = services.summaries.export("Alpha", fmt="md")[1].content.decode()
    assert "Slipped: 0." in waiting and "now November" not in waiting
    assert (
        "proposed November 2022 by someone at MPS on 25 July 2022: waiting for the data, "
        "for a secretary to decide"
    ) in waiting
    blocks = json.dumps(build_summary_messages(services.summaries.build("Alpha"))[0]["blocks"])
    assert (
        ":hourglass: Deadline proposed November 2022 by <@UALICE> on 25 July 2022: waiting for "
        "the data, for a secretary to decide"
    ) in blocks

    refused = run(services, LEAD, f"accept {action}")
    assert refused.startswith("Error: Only a secretary of the action's board can accept")

    reply = run(services, BOARD_SEC, f"accept {action} agreed at the pre-meeting")
    assert f"Accepted the new deadline of #{action}" in reply
    assert "The lead who proposed it was told by direct message." in reply
    assert "agreed August 2022, now November 2022" in reply
    [decision] = told(notifier, LEAD)
    assert decision.startswith(f"@{BOARD_SEC} accepted @{LEAD}'s proposal to move the deadline")
    assert "accepted due: August 2022 -> November 2022 — agreed at the pre-meeting" in run(
        services, LEAD, f"show {action}"
    )
    again = run(services, BOARD_SEC, f"accept {action}")
    assert again.startswith(f"Error: #{action} has no proposed deadline waiting to be decided.")
    # The summary names the lead who asked for the move, with their reason.
    content = services.summaries.export("Alpha", fmt="md")[1].content.decode()
    assert (
        "agreed August 2022, now November 2022, moved by someone at MPS on 25 July 2022: "
        "waiting for the data"
    ) in content
    assert "Slipped: 1." in content and "for a secretary to decide" not in content


def test_a_declined_proposal_leaves_the_deadline(services, notifier) -> None:  # type: ignore[no-untyped-def]
    action = setup_board(services)
    run(services, GLOBAL, "board set Alpha deadlines:secretary")
    run(services, LEAD, f'update {action} due:"November 2022"')
    reply = run(services, BOARD_SEC, f"decline {action} the board expects it in August")
    assert f"Declined the new deadline of #{action}" in reply
    shown = run(services, LEAD, f"show {action}")
    assert "due 31 August 2022" in shown and "now November" not in shown
    assert "declined due: August 2022 -> November 2022 — the board expects it in August" in shown
    [decision] = told(notifier, LEAD)
    assert decision.startswith(f"@{BOARD_SEC} declined @{LEAD}'s proposal")
    assert run(services, BOARD_SEC, f"decline {action}").startswith("Error:")


def test_a_secretary_moves_at_once_and_the_global_setting_applies(  # type: ignore[no-untyped-def]
    settings, clock, migrated_engine, sessions, notifier
) -> None:
    services = make_services(
        settings, clock, migrated_engine, sessions, notifier, deadline_changes="secretary"
    )
    action = setup_board(services)
    assert "Proposed: Sept 2022." in run(services, LEAD, f'update {action} due:"Sept 2022"')
    reply = run(services, BOARD_SEC, f'update {action} due:"October 2022"')
    assert "agreed August 2022, now October 2022" in reply
    # A board's own setting wins over DEADLINE_CHANGES.
    run(services, GLOBAL, "board set Alpha deadlines:lead")
    assert "now December 2022" in run(services, LEAD, f'update {action} due:"December 2022"')
    run(services, GLOBAL, "board set Alpha deadlines:none")
    assert "deadlines: as DEADLINE_CHANGES says" in run(services, GLOBAL, "board Alpha")


def test_an_unknown_deadline_rule_is_refused_with_the_choices(services) -> None:  # type: ignore[no-untyped-def]
    setup_board(services)
    reply = run(services, GLOBAL, "board set Alpha deadlines:maybe")
    assert reply.startswith("Error: “maybe” is not who may move deadlines: use deadlines:lead")
    assert "deadlines: as DEADLINE_CHANGES says" in run(services, GLOBAL, "board Alpha")
