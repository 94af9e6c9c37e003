"""Each action's open state and deadline are copied beside its leads (`action_leads.is_open`,
`action_leads.deadline_end`) by the database's triggers, and the lists of one lead or person
read them. Whatever changes an action, by whatever path, the copies follow."""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy import select, update

from bot.actions.repository import ActionQuery, ActionRepository
from bot.leads.service import LeadRef
from bot.models.actions import Action, ActionLead, Status
from bot.models.leads import Lead, LeadUser
from tests.actions.test_service import SECRETARY, new

TIMINGS = ("", "August 2022", "1 July 2022", "Aug/Sept 2022", "March 2023", "Completed")
TODAY = date(2022, 7, 25)


def stale_copies(sessions) -> list[tuple[int, int]]:
    """(action, lead) links whose copies differ from their action."""
    with sessions() as session:
        rows = session.execute(
            select(
                ActionLead.action_id,
                ActionLead.lead_id,
                ActionLead.is_open,
                ActionLead.deadline_end,
                Action.status,
                Action.deadline_end,
            ).join(Action, Action.id == ActionLead.action_id)
        ).all()
    return [
        (row[0], row[1])
        for row in rows
        if (bool(row[2]), row[3]) != (not Status(row[4]).is_closed, row[5])
    ]


def test_the_copies_follow_every_change_to_an_action(services, sessions):
    rng = random.Random(5)
    ids = [
        services.actions.add(
            SECRETARY,
            new(
                f"Action {n}",
                leads=rng.choice([("MPS",), ("MPS", "MOPAC")]),
                timing=rng.choice(TIMINGS),
            ),
        ).action.id
        for n in range(12)
    ]
    assert stale_copies(sessions) == []
    for _ in range(60):
        action_id = rng.choice(ids)
        step = rng.randrange(5)
        if step == 0:
            services.actions.change(
                SECRETARY, action_id, status=rng.choice(list(Status)), note="step"
            )
        elif step == 1:
            services.actions.change(
                SECRETARY, action_id, timing=rng.choice(TIMINGS[:-1]), note="step"
            )
        elif step == 2:
            leads = rng.choice([["MOPAC"], ["MPS", "MOPAC"], ["MOPAC Evidence and Insight"]])
            services.actions.change(
                SECRETARY, action_id, leads=[LeadRef(name=n) for n in leads], note="step"
            )
        elif step == 3:
            with sessions.begin() as session:  # straight to the table, past the service
                session.execute(
                    update(Action).where(Action.id == action_id).values(deadline_end=None)
                )
        else:
            with sessions.begin() as session:
                session.get(Action, action_id).status = rng.choice(list(Status))
        assert stale_copies(sessions) == [], f"after step {step} on #{action_id}"


def test_a_person_with_several_leads_sees_a_shared_action_once(services, sessions):
    for n, leads in enumerate([("MPS",), ("MOPAC",), ("MPS", "MOPAC"), ("Home Office",)]):
        services.actions.add(SECRETARY, new(f"Action {n}", leads=leads, timing="August 2022"))
    services.actions.add(SECRETARY, new("Undated", leads=("MPS", "MOPAC")))
    with sessions.begin() as session:
        for name in ("MPS", "MOPAC"):
            lead_id = session.scalar(select(Lead.id).where(Lead.name == name))
            session.add(LeadUser(lead_id=lead_id, slack_user_id="UBOTH"))
    with sessions() as session:
        repo = ActionRepository(session)
        query = ActionQuery(state="open", today=TODAY, user_id="UBOTH")
        everything, total = repo.page(query, offset=0, limit=10)
        assert [a.description for a in everything] == [
            "Action 0",
            "Action 1",
            "Action 2",
            "Undated",
        ]
        assert total == 4
        pages = [repo.page(query, offset=o, limit=1) for o in range(5)]
        assert [a.description for p, _ in pages for a in p] == [a.description for a in everything]
        assert {t for _, t in pages} == {4}, "past the end the total is still given"
        overdue = ActionQuery(state="overdue", today=date(2022, 9, 1), user_id="UBOTH")
        assert repo.page(overdue, offset=0, limit=10)[1] == 3
