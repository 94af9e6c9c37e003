"""`show` and list pages read actions as plain rows (`bot.actions.rows`); a card shown after a
change has the ORM action in hand. Both must read the same to whoever sees them: checked on the
real Annex A letter after the changes that alter what a card or a list line says."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import delete, event

from bot.actions.repository import ActionRepository
from bot.commands import Context
from bot.commands.execute import execute
from bot.commands.replies import ActionCard
from bot.console.render import render
from bot.models.leads import Lead
from bot.slack.blocks.replies import action_section, build_reply
from tests.actions.test_service import new
from tests.conftest import sample_path
from tests.imports.test_service import ANNEX, SECRETARY, preview

LONDON = ZoneInfo("Europe/London")


def test_a_card_and_a_list_line_read_the_same_from_rows_as_from_the_orm(services, sessions):
    letter = sample_path(ANNEX).read_bytes()
    created = services.imports.apply(preview(services, letter), by=SECRETARY).created
    for command in (
        f'update {created[6]} due:"November 2022" waiting for the data',
        f"done {created[2]} sent the report",
        f"update {created[4]} status:blocked lead:MOPAC lead:MPS",
        f"note {created[5]} chased by email",
        "add Brief the panel on stop and search lead:Insight",
    ):
        execute(command, Context("USEC", services))
    today = services.actions.today()
    ids = [*created, max(created) + 1]
    page = services.actions.find(SECRETARY, state="all", page=1)
    listed = {row.id: row for row in page.items}
    compared = 0
    for action_id in ids:
        row = services.actions.get(action_id)
        with sessions() as session:
            orm = ActionRepository(session).card(action_id)
            assert orm is not None
            from_orm = ActionCard("", orm, today, history=True, zone=LONDON)
            slack, text = build_reply(from_orm), render(from_orm)
            line = action_section(orm, today)
        from_rows = ActionCard("", row, today, history=True, zone=LONDON)
        assert build_reply(from_rows) == slack
        assert render(from_rows) == text
        if action_id in listed:
            assert action_section(listed[action_id], today) == line
            compared += 1
    assert compared == len(page.items) > 0
    # What the changes above made a card say, so that the comparison covered them.
    shown = "".join(str(build_reply(ActionCard("", services.actions.get(i), today))) for i in ids)
    for words in ("agreed August 2022, now November 2022", "Blocked", "Lead: MOPAC and MPS"):
        assert words in shown


def test_a_card_or_a_page_costs_the_same_statements_however_many_leads_and_events(
    services, sessions
):
    one = services.actions.add(SECRETARY, new("Send the report", leads=("MPS",))).action.id
    many = services.actions.add(
        SECRETARY, new("Publish the figures", leads=("MOPAC", "MPS", "LFB"))
    ).action.id
    for n in range(5):
        services.actions.update(SECRETARY, many, note=f"chased {n}")
    with sessions.begin() as session:  # a lead removed takes its links with it
        session.execute(delete(Lead).where(Lead.name == "MPS"))
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if statement.startswith("SELECT") and "set_config" not in statement:  # not the tests'
            statements.append(statement)

    event.listen(services.engine, "before_cursor_execute", count)
    try:
        cards = {}
        for action_id in (one, many):
            statements.clear()
            cards[action_id] = services.actions.get(action_id)
            assert len(statements) == 2, statements  # the action with its leads; its history
        services.actions.find(SECRETARY)  # counted once, then kept
        statements.clear()
        page = services.actions.find(SECRETARY)
        read = len(statements)
    finally:
        event.remove(services.engine, "before_cursor_execute", count)
    assert cards[one].leads == () and cards[many].leads == ("MOPAC", "LFB")
    assert len(cards[many].events) == 6
    assert [(row.id, row.leads) for row in page.items] == [(one, ()), (many, ("MOPAC", "LFB"))]
    # The marker of the kept count, the ids with a deadline then without, the actions with
    # their leads.
    assert read == 4, statements
