"""An import writes its new actions together, numbered in the order of the letter's rows, and
the next action added by hand takes the number after them."""

from __future__ import annotations

from sqlalchemy import event, select

from bot.actions.service import Actor
from bot.imports.plan import ImportOptions
from bot.models.actions import Action, Status
from tests.actions.test_service import new

SECRETARY = Actor("USEC", is_secretary=True)
# "Completed" rows are closed by the board as they are written, so they carry more columns than
# the others; they must not break the batch.
TIMINGS = ("August 2022", "", "Completed", "Q3 2023", "Completed", "31/08/2023")
STATUSES = ("", "In progress", "", "Blocked", "", "Done")


def test_an_import_writes_its_actions_in_one_statement_numbered_in_row_order(
    services, sessions, migrated_engine
):
    first = services.actions.add(SECRETARY, new("Before the letter", leads=("MPS",))).action.id
    rows = "".join(
        f"{n}\tReport {n} to the board.\t{TIMINGS[n % 6]}\tMPS\t{STATUSES[n % 6]}\n"
        for n in range(1, 301)
    )
    document = services.imports.read_text("No.\tAction\tTiming\tLead\tStatus\n" + rows)
    plan = services.imports.preview(
        document, ImportOptions("Oversight Board", source_ref="OB-1"), by=SECRETARY
    )
    inserts: list[str] = []

    def seen(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("INSERT INTO ACTIONS "):
            inserts.append(statement)

    event.listen(migrated_engine, "before_cursor_execute", seen)
    try:
        result = services.imports.apply(plan, by=SECRETARY)
    finally:
        event.remove(migrated_engine, "before_cursor_execute", seen)
    assert len(inserts) == 1
    assert result.created == list(range(first + 1, first + 301))
    with sessions() as session:
        stored = {a.id: a for a in session.scalars(select(Action)).unique()}
    assert [stored[i].item_no for i in result.created] == [str(n) for n in range(1, 301)]
    assert stored[first + 2].status is Status.DONE and stored[first + 2].closed_by_board
    assert stored[first + 1].status is Status.IN_PROGRESS and not stored[first + 1].closed_by_board
    after = services.actions.add(SECRETARY, new("After the letter", leads=("MOPAC",))).action.id
    assert after == first + 301
