"""Lists read their order from the indexes, in parts (dated, then undated): every page of every
list is exactly the slice of the one full order, whatever the page size and filters."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from bot.actions.repository import ActionQuery, ActionRepository
from bot.models.actions import Action, ActionLead, Status
from bot.models.leads import Lead, LeadUser
from tests.actions.test_service import SECRETARY, new

TODAY = date(2022, 7, 25)


@pytest.fixture
def mixed(services, sessions) -> None:
    """37 actions: open, in progress, blocked, done and dropped; dated, tied and undated."""
    rng = random.Random(3)
    for n in range(37):
        timing = rng.choice(["", "August 2022", "1 July 2022", "15 September 2022", "March 2023"])
        services.actions.add(
            SECRETARY, new(f"Action {n}", leads=(rng.choice(["MPS", "MOPAC"]),), timing=timing)
        )
    with sessions.begin() as session:
        actions = session.scalars(select(Action)).all()
        for action in actions:
            action.status = rng.choice(list(Status))
            action.updated_at = action.updated_at + timedelta(minutes=rng.randint(0, 5))
        mps = session.scalar(select(Lead).where(Lead.name == "MPS"))
        session.add(LeadUser(lead_id=mps.id, slack_user_id="UMPS"))


def expected(session, query: ActionQuery) -> list[int]:
    """The full order, computed in Python from every row."""
    rows = session.scalars(select(Action)).unique().all()
    lead_of = {
        link.action_id: link.lead.name for link in session.scalars(select(ActionLead)).unique()
    }
    chosen = []
    for a in rows:
        closed = Status(a.status).is_closed
        if query.state in ("open", "overdue") and closed:
            continue
        if query.state == "done" and not closed:
            continue
        if query.state == "overdue" and not (a.deadline_end and a.deadline_end < query.today):
            continue
        if (query.user_id or query.lead_id) and lead_of[a.id] != "MPS":
            continue
        chosen.append(a)
    if query.state == "done":
        chosen.sort(key=lambda a: (a.updated_at, a.id), reverse=True)
    else:
        chosen.sort(key=lambda a: (a.deadline_end is None, a.deadline_end or TODAY, a.id))
    return [a.id for a in chosen]


@pytest.mark.parametrize("state", ["open", "overdue", "done", "all"])
@pytest.mark.parametrize("who", ["anyone", "user", "lead"])
def test_every_page_is_a_slice_of_the_one_order(mixed, sessions, state, who):
    with sessions() as session:
        mps = session.scalar(select(Lead).where(Lead.name == "MPS"))
        query = ActionQuery(
            state=state,
            today=TODAY,
            user_id="UMPS" if who == "user" else None,
            lead_id=mps.id if who == "lead" else None,
        )
        order = expected(session, query)
        assert order, "the fixture leaves something to list"
        repo = ActionRepository(session)
        for size in (1, 3, 10):
            for offset in range(0, len(order) + size, size):
                page, total = repo.page(query, offset=offset, limit=size)
                assert total == len(order)
                assert [a.id for a in page] == order[offset : offset + size], (size, offset)
