"""What the board closed stays closed for leads, and each board may set who closes its actions
(with CLOSURE_NEEDS_BOARD left at its default, false)."""

from __future__ import annotations

import pytest

from bot.commands import Context
from bot.commands.execute import execute
from bot.console.render import render
from bot.imports.plan import ImportOptions
from tests.annex_a import BOARD, SECRETARY
from tests.conftest import sample_path

ANNEX = "letter-2022-07-20-oversight-board-annex-a.txt"
PROPOSED = "Done — proposed for closure, awaiting the board"


def run(services, user: str, text: str) -> str:
    return render(execute(text, Context(user, services)))


@pytest.fixture
def annex(services) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """The real letter imported, MPS mapped to Alice, PROB's own secretary Bea."""
    document = services.imports.read_file(sample_path(ANNEX).read_bytes(), ANNEX)
    plan = services.imports.preview(document, ImportOptions(BOARD), by=SECRETARY)
    created = services.imports.apply(plan, by=SECRETARY).created
    run(services, "USEC", f'board set "{BOARD}" short:PROB secretary:<@UBEA>')
    run(services, "USEC", "lead MPS <@UALICE>")
    run(services, "USEC", "meeting PROB 20 October 2022")
    return {str(number): action_id for number, action_id in enumerate(created, start=1)}


def test_a_lead_cannot_reopen_what_the_board_closed_and_a_secretary_can(services, annex):
    fourteen = annex["14"]
    before = run(services, "USEC", f"show {fourteen}")
    assert f"#{fourteen} [Done — closed by the board on 24 June 2022]" in before

    refused = run(services, "UALICE", f"reopen {fourteen} the SSO report needs another look")
    assert refused == (
        f"Error: The board closed #{fourteen} at its meeting of 24 June 2022, so only a "
        f"secretary of {BOARD} can reopen it or change its status. `/actions board PROB` shows "
        f"who they are. You can still add a note with `/actions update {fourteen} <note>`."
    )
    assert run(services, "UALICE", f"update {fourteen} status:in-progress").startswith(
        f"Error: The board closed #{fourteen}"
    )
    assert run(services, "USEC", f"show {fourteen}") == before
    assert "Updated" in run(services, "UALICE", f"update {fourteen} report was sent on 27 June")

    reopened = run(services, "UBEA", f"reopen {fourteen} the board asked for more")
    assert f"Reopened #{fourteen}" in reopened
    assert f"#{fourteen} [Open]" in reopened
    # Reopened, it is the lead's again: with the setting off, the lead's done closes it.
    assert f"#{fourteen} [Done]" in run(services, "UALICE", f"done {fourteen} sent again")


def test_a_board_may_need_to_agree_closure_though_the_setting_is_off(services, annex):
    three, four = annex["3"], annex["4"]
    assert "closure: lead (the CLOSURE_NEEDS_BOARD setting)" in run(
        services, "UALICE", "board PROB"
    )
    assert f"#{three} [Done]" in run(services, "UALICE", f"done {three} list sent")

    changed = run(services, "USEC", "board set PROB closure:board")
    assert "closure: board (set); an action closes by the board" in changed
    proposed = run(services, "UALICE", f"done {four} review shared")
    assert f"#{four} [{PROPOSED}]" in proposed
    assert f"/actions close {four}" in proposed
    assert "Proposed for closure: 1." in run(services, "UALICE", "summary PROB")

    # Back to the setting: a done from now on closes; the proposal made stays until decided.
    assert "closure: lead (the CLOSURE_NEEDS_BOARD setting)" in run(
        services, "USEC", "board set PROB closure:default"
    )
    assert f"#{four} [{PROPOSED}]" in run(services, "UALICE", f"show {four}")

    bad = run(services, "USEC", "board set PROB closure:sometimes")
    assert bad.startswith("Error: “sometimes” is not a closure rule. Use closure:board")
    assert "closure: lead (the CLOSURE_NEEDS_BOARD setting)" in run(services, "USEC", "board PROB")
    assert run(services, "UBEA", "board set PROB closure:board").startswith(
        "Error: Only a secretary of every board"
    )


def test_a_lead_may_withdraw_a_proposal_before_the_board_decides(services, annex):
    three = annex["3"]
    run(services, "USEC", "board set PROB closure:board")
    assert PROPOSED in run(services, "UALICE", f"done {three} list sent")
    reopened = run(services, "UALICE", f"reopen {three} one school was missing")
    assert f"#{three} [Open]" in reopened
