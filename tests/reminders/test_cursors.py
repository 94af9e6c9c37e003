"""Each new open action with a deadline gets a reminder cursor, so the next sweep looks at it;
an import's thousands of actions get theirs together."""

from __future__ import annotations

from sqlalchemy import event, select

from bot.actions.service import Actor
from bot.imports.plan import ImportOptions
from bot.models.actions import Action
from bot.models.reminders import Cursor

SECRETARY = Actor("USEC", is_secretary=True)
TIMINGS = ("August 2022", "", "Completed", "March 2023")


def test_an_import_gives_each_open_dated_action_a_cursor_in_one_statement(
    services, sessions, migrated_engine
):
    rows = "".join(f"{n}\tReport {n}.\t{TIMINGS[n % 4]}\tMPS\n" for n in range(1, 201))
    document = services.imports.read_text("No.\tAction\tTiming\tLead\n" + rows)
    plan = services.imports.preview(
        document, ImportOptions("Oversight Board", source_ref="OB-1"), by=SECRETARY
    )
    inserts: list[int] = []

    def seen(_conn, _cursor, statement, parameters, _context, many):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("INSERT INTO REMINDER_CURSORS"):
            inserts.append(len(parameters) if many else 1)

    event.listen(migrated_engine, "before_cursor_execute", seen)
    try:
        services.imports.apply(plan, by=SECRETARY)
    finally:
        event.remove(migrated_engine, "before_cursor_execute", seen)
    with sessions() as session:
        dated_open = set(
            session.scalars(
                select(Action.id).where(Action.deadline_end.is_not(None), Action.status == "open")
            )
        )
        cursors = set(session.scalars(select(Cursor.action_id)))
    assert len(dated_open) == 100 and cursors == dated_open
    assert len(inserts) == 1
