"""`show` and list pages read actions as plain rows (`bot.actions.rows`); a card shown after a
change has the ORM action in hand. Both must read the same to whoever sees them: checked on the
real Annex A letter after the changes that alter what a card or a list line says."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.actions.repository import ActionRepository
from bot.commands import Context
from bot.commands.execute import execute
from bot.commands.replies import ActionCard
from bot.console.render import render
from bot.slack.blocks.replies import action_section, build_reply
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
