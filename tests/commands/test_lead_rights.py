"""A lead's people reach every board it serves, so only those who manage all of them change it."""

from __future__ import annotations

from bot.commands import Context
from bot.commands.execute import execute
from bot.console.render import render


def run(services, user: str, text: str) -> str:
    return render(execute(text, Context(user, services)))


def test_a_lead_serving_two_boards_needs_a_secretary_of_both(services):
    run(services, "USEC", "board add Alpha secretary:<@UALPHA> secretary:<@UBOTH>")
    run(services, "USEC", "board add Beta secretary:<@UBETA> secretary:<@UBOTH>")
    run(services, "USEC", "add On Alpha lead:MOPAC board:Alpha")
    run(services, "USEC", "add On Beta lead:MOPAC board:Beta")

    refused = run(services, "UALPHA", "lead MOPAC <@UALPHA>")
    assert refused.startswith("Error: MOPAC leads actions on Alpha, Beta")
    assert "secretary of every board" in refused
    assert "@UALPHA" not in run(services, "USEC", "leads MOPAC")

    assert "now reaches @UBOTH" in run(services, "UBOTH", "lead MOPAC <@UBOTH>")


def test_a_lead_without_actions_may_be_mapped_by_any_board_secretary(services):
    run(services, "USEC", "board add Alpha secretary:<@UALPHA>")
    assert "(new lead) now reaches @UPERSON" in run(services, "UALPHA", "lead Probation <@UPERSON>")
    assert run(services, "UNOBODY", "lead Probation <@UNOBODY>").startswith(
        "Error: Only a board secretary"
    )


def test_every_mapping_change_is_kept_with_who_and_when(services):
    run(services, "USEC", "lead MPS <@UALICE> alias:Met")
    run(services, "USEC", "lead MPS <@UBOB>")
    run(services, "UOUTSIDER", "lead MPS <@UOUTSIDER>")  # refused: leaves no trace
    history = run(services, "UALICE", "leads MPS").split("History:\n", 1)[1].splitlines()
    assert [line.strip().split(" ", 5)[5] for line in history] == [
        "created the lead",
        "added @UALICE",
        "added the other name Met",
        "added @UBOB",
    ]
    assert all("@USEC" in line and "2022" in line for line in history)


def test_an_unknown_lead_is_named_with_the_known_ones(services):
    run(services, "USEC", "lead MPS <@UALICE>")
    assert run(services, "USEC", "leads Nobody") == (
        'Error: No lead is called "Nobody". Known leads: MPS.'
    )
