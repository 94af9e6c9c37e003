"""Reading someone's Home costs the same few queries however many actions and boards there are."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from bot.actions.service import NewAction
from bot.leads.service import LeadRef
from bot.services import Services
from tests.annex_a import SECRETARY


@contextmanager
def counted(services: Services) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(services.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(services.engine, "before_cursor_execute", count)


def add(services: Services, description: str, board: str) -> None:
    new = NewAction(description, [LeadRef(name="MPS")], "June 2022", board=board)
    action = services.actions.add(SECRETARY, new).action
    services.actions.update(SECRETARY, action.id, note="chased")


def test_the_home_of_a_lead_and_secretary_is_read_in_a_fixed_number_of_queries(services):
    services.leads.map_users(SECRETARY, "MPS", user_ids=["UBEA"], aliases=[])
    for n in range(3):
        services.boards.create(SECRETARY, f"Board {n}", secretaries=["UBEA"])
        add(services, f"Action {n}", f"Board {n}")
    with counted(services) as few:
        small = services.home.view(services.caller("UBEA"))
    for n in range(30):
        add(services, f"More {n}", "Board 1")
    with counted(services) as many:
        large = services.home.view(services.caller("UBEA"))

    assert small.mine is not None and large.mine is not None
    assert (small.mine.total, large.mine.total) == (3, 33)
    assert large.boards is not None and [b.open for b in large.boards.boards] == [1, 31, 1]
    assert len(many) <= len(few), "no query per action"
