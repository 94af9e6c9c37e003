"""Imports awaiting Confirm: kept in the database, confirmed once, by the person who previewed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.actions.service import Actor
from bot.errors import InvalidInput, NotFound, PermissionDenied
from bot.imports.plan import ImportOptions
from bot.imports.service import PlanChanged

ANNEX = "letter-2022-07-20-oversight-board-annex-a.txt"
BOARD = "Performance and Risk Oversight Board"
SECRETARY = Actor("USEC", is_secretary=True)
TABLE = (
    "No.\tAction\tTiming\tLead\n"
    "1\tMPS to provide a briefing note on PCSO recruitment.\tAugust 2022\tMPS\n"
    "2\tMPS to share the SSO report.\tCompleted\tMPS\n"
)
OPTIONS = ImportOptions(BOARD, date(2022, 6, 24), "PROB-2022-06")


def count(services) -> int:
    return services.actions.find(SECRETARY, state="all").total


def test_a_staged_import_is_written_on_confirm_and_only_once(services):
    staged = services.imports.stage(SECRETARY, OPTIONS, text=TABLE)
    assert staged.token and staged.plan.has_changes
    assert count(services) == 0
    result = services.imports.confirm(staged.token, by=SECRETARY)
    assert (len(result.created), result.board_name) == (2, BOARD)
    assert count(services) == 2
    with pytest.raises(NotFound, match="already confirmed or cancelled"):
        services.imports.confirm(staged.token, by=SECRETARY)
    assert count(services) == 2


def test_a_staged_file_keeps_its_bytes_and_reader(services, sample_bytes):
    staged = services.imports.stage(
        SECRETARY, ImportOptions(BOARD), data=sample_bytes(ANNEX), filename=ANNEX
    )
    assert len(services.imports.confirm(staged.token, by=SECRETARY).created) == 15


def test_only_the_person_who_previewed_may_confirm(services):
    staged = services.imports.stage(SECRETARY, OPTIONS, text=TABLE)
    with pytest.raises(PermissionDenied):
        services.imports.confirm(staged.token, by=Actor("UOTHER", is_secretary=True))
    assert count(services) == 0


def test_a_preview_expires(services, clock):
    staged = services.imports.stage(SECRETARY, OPTIONS, text=TABLE)
    clock.set(clock.now() + timedelta(hours=25))
    with pytest.raises(NotFound, match="expired"):
        services.imports.confirm(staged.token, by=SECRETARY)
    assert count(services) == 0


def test_cancel_forgets_the_import(services):
    staged = services.imports.stage(SECRETARY, OPTIONS, text=TABLE)
    services.imports.cancel(staged.token, by=SECRETARY)
    with pytest.raises(NotFound):
        services.imports.confirm(staged.token, by=SECRETARY)
    assert count(services) == 0


def test_nothing_to_confirm_for_someone_who_may_not_import(services):
    staged = services.imports.stage(Actor("UOTHER", is_secretary=False), OPTIONS, text=TABLE)
    assert staged.token is None and staged.plan.refusal


def test_nothing_to_confirm_when_everything_is_up_to_date(services):
    services.imports.confirm(
        services.imports.stage(SECRETARY, OPTIONS, text=TABLE).token, by=SECRETARY
    )
    again = services.imports.stage(SECRETARY, OPTIONS, text=TABLE)
    assert again.token is None and not again.plan.has_changes


def test_confirm_after_the_database_changed_shows_the_new_plan(services):
    first = services.imports.stage(SECRETARY, OPTIONS, text=TABLE)
    changed_table = TABLE.replace("August 2022", "September 2022")
    second = services.imports.stage(SECRETARY, OPTIONS, text=changed_table)
    services.imports.confirm(second.token, by=SECRETARY)
    with pytest.raises(PlanChanged) as changed:
        services.imports.confirm(first.token, by=SECRETARY)
    # The first preview would now put the timing back: that is shown again, not written.
    assert changed.value.token == first.token
    assert [c.field for row in changed.value.plan.rows for c in row.changes] == ["due"]
    assert services.actions.find(SECRETARY, state="all").items[0].timing_raw == "September 2022"
    result = services.imports.confirm(first.token, by=SECRETARY)
    assert len(result.updated) == 1


def test_stage_refuses_text_with_no_actions(services):
    with pytest.raises(InvalidInput, match="No actions found"):
        services.imports.stage(SECRETARY, OPTIONS, text="Dear Home Secretary, thank you.")
