"""Boards and meeting calendars against a real database: rights, rules, cancellations."""

from __future__ import annotations

import re
from datetime import date

import pytest

from bot.actions.service import Actor, NewAction
from bot.errors import InvalidInput, NotFound, PermissionDenied
from bot.leads.service import LeadRef

BOARD = "Performance and Risk Oversight Board"
GLOBAL = Actor("USEC", is_secretary=True)
NOBODY = Actor("UNOBODY", is_secretary=False)


@pytest.fixture
def board(services):  # type: ignore[no-untyped-def]
    return services.boards.create(
        GLOBAL, BOARD, short_name="PROB", channel_id="C0PROB", secretaries=["UBSEC"]
    )


def board_secretary(services) -> Actor:  # type: ignore[no-untyped-def]
    return services.caller("UBSEC")


def test_creating_a_board_with_its_channel_and_secretaries(services, board) -> None:  # type: ignore[no-untyped-def]
    assert (board.name, board.short_name, board.channel_id) == (BOARD, "PROB", "C0PROB")
    assert board.secretary_ids == ("UBSEC",)
    assert services.boards.get("prob").id == board.id
    assert [b.name for b in services.boards.all_boards()] == [BOARD]
    assert services.rights("UBSEC").secretary_of == frozenset({board.id})


def test_only_a_global_secretary_creates_or_changes_boards(services, board) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied, match="SECRETARY_USER_IDS"):
        services.boards.create(NOBODY, "Finance Board")
    with pytest.raises(PermissionDenied):
        services.boards.change(board_secretary(services), "PROB", channel_id="C0OTHER")
    assert services.boards.get("PROB").channel_id == "C0PROB"


def test_names_and_short_names_stay_unique(services, board) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput, match="already a board"):
        services.boards.create(GLOBAL, "performance and risk  oversight board")
    with pytest.raises(InvalidInput, match="already names the board"):
        services.boards.create(GLOBAL, "Finance Board", short_name="prob")
    with pytest.raises(InvalidInput, match="cannot be a short name"):
        services.boards.create(GLOBAL, "Finance Board", short_name="F B")
    assert [b.name for b in services.boards.all_boards()] == [BOARD]


def test_changing_channel_short_name_and_secretaries(services, board) -> None:  # type: ignore[no-untyped-def]
    changed = services.boards.change(
        GLOBAL, BOARD, channel_id=None, short_name="PRB", secretaries=["UONE", "UTWO"]
    )
    assert (changed.channel_id, changed.short_name) == (None, "PRB")
    assert changed.secretary_ids == ("UONE", "UTWO")
    assert services.boards.change(GLOBAL, "PRB", secretaries=[]).secretary_ids == ()
    with pytest.raises(InvalidInput, match="Nothing to change"):
        services.boards.change(GLOBAL, "PRB")
    with pytest.raises(InvalidInput, match="not a Slack channel"):
        services.boards.change(GLOBAL, "PRB", channel_id="#general")


def test_unknown_board_lists_the_known_ones(services, board) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound, match=re.escape('No board is called "Finance". Boards: PROB.')):
        services.boards.get("Finance")


def test_board_secretaries_add_meetings_others_may_not(services, board) -> None:  # type: ignore[no-untyped-def]
    change = services.boards.add_meeting(board_secretary(services), "PROB", date(2022, 10, 20))
    assert change.changed and change.board.upcoming == (date(2022, 10, 20),)
    again = services.boards.add_meeting(GLOBAL, "PROB", date(2022, 10, 20))
    assert not again.changed
    with pytest.raises(PermissionDenied, match="Only a secretary of"):
        services.boards.add_meeting(NOBODY, "PROB", date(2022, 11, 20))
    assert services.boards.get("PROB").upcoming == (date(2022, 10, 20),)


def test_a_rule_fills_the_calendar_a_year_ahead(services, board) -> None:  # type: ignore[no-untyped-def]
    change = services.boards.add_meeting(GLOBAL, "PROB", date(2022, 10, 20), every="3 months")
    assert change.board.recurrence == "every 3 months, from 20 October 2022"
    assert change.board.upcoming == (
        date(2022, 10, 20),
        date(2023, 1, 20),
        date(2023, 4, 20),
        date(2023, 7, 20),
    )
    assert change.board.next_meeting == date(2022, 10, 20)


def test_next_board_timing_resolves_to_the_rules_next_meeting(services, board, clock) -> None:  # type: ignore[no-untyped-def]
    services.boards.add_meeting(
        GLOBAL, "PROB", date(2022, 6, 23), every="FREQ=MONTHLY;INTERVAL=3;BYDAY=4TH"
    )
    added = services.actions.add(
        GLOBAL,
        NewAction(
            "Bring the witness care review",
            [LeadRef(name="MPS")],
            timing="next board",
            board="PROB",
        ),
    )
    assert added.action.deadline_end == date(2022, 9, 22)  # 4th Thursday of September


def test_a_new_rule_replaces_the_old_one_and_none_stops_it(services, board) -> None:  # type: ignore[no-untyped-def]
    services.boards.add_meeting(GLOBAL, "PROB", date(2022, 10, 20), every="monthly")
    changed = services.boards.add_meeting(
        GLOBAL, "PROB", date(2022, 10, 20), every="every 3 months"
    )
    assert date(2022, 11, 20) not in changed.board.upcoming
    assert date(2023, 1, 20) in changed.board.upcoming
    stopped = services.boards.add_meeting(GLOBAL, "PROB", date(2022, 10, 20), every="none")
    assert stopped.board.upcoming == (date(2022, 10, 20),)
    assert stopped.board.recurrence is None


def test_a_cancelled_meeting_stays_cancelled_under_its_rule(services, board) -> None:  # type: ignore[no-untyped-def]
    services.boards.add_meeting(GLOBAL, "PROB", date(2022, 10, 20), every="3 months")
    cancelled = services.boards.cancel_meeting(GLOBAL, "PROB", date(2023, 1, 20))
    assert cancelled.changed
    assert date(2023, 1, 20) not in cancelled.board.upcoming
    assert date(2023, 1, 20) not in services.boards.get("PROB").upcoming
    restored = services.boards.add_meeting(GLOBAL, "PROB", date(2023, 1, 20))
    assert restored.changed and date(2023, 1, 20) in restored.board.upcoming
    with pytest.raises(NotFound, match="has no meeting on 21 January 2023"):
        services.boards.cancel_meeting(GLOBAL, "PROB", date(2023, 1, 21))


def test_bad_recurrence_changes_nothing(services, board) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput, match="not a recurrence"):
        services.boards.add_meeting(GLOBAL, "PROB", date(2022, 10, 20), every="now and then")
    assert services.boards.get("PROB").upcoming == ()


def test_the_board_may_be_left_out_when_there_is_one(services, board) -> None:  # type: ignore[no-untyped-def]
    services.boards.add_meeting(GLOBAL, None, date(2022, 10, 20))
    assert services.boards.schedule(None).upcoming == (date(2022, 10, 20),)
    services.boards.create(GLOBAL, "Finance Board", short_name="FIN")
    with pytest.raises(InvalidInput, match="Which board"):
        services.boards.schedule(None, by=NOBODY)
    assert services.boards.schedule(None, by=board_secretary(services)).name == BOARD


def test_actions_listed_by_meeting_of_origin(services, board) -> None:  # type: ignore[no-untyped-def]
    for day, text in [(date(2022, 6, 24), "June item"), (date(2022, 4, 20), "April item")]:
        services.actions.add(
            GLOBAL, NewAction(text, [LeadRef(name="MPS")], board="PROB", meeting_date=day)
        )
    page = services.actions.find(GLOBAL, state="all", board="PROB", meeting=date(2022, 6, 24))
    assert [a.description for a in page.items] == ["June item"]
    assert services.actions.find(GLOBAL, state="all", meeting=date(2022, 1, 1)).total == 0
