"""A list keeps its count until the database notes a change to the actions or their leads
(`actions_changed`, kept by triggers). Whatever changes an action or links a lead to it, by
whatever path and from whichever process, the next list counts what is there."""

from __future__ import annotations

import random
import threading
from datetime import date

import pytest
from sqlalchemy import delete, event, func, insert, select, text, update

from bot.actions.service import Actor
from bot.db.migrate import upgrade
from bot.leads.service import LeadRef
from bot.models.actions import IS_OPEN_SQL, Action, ActionLead, Status
from bot.models.leads import Lead
from bot.services import build_services
from tests.actions.test_service import SECRETARY, new
from tests.conftest import BACKENDS, POSTGRES

TIMINGS = ("", "August 2022", "1 July 2022", "Aug/Sept 2022", "March 2023", "Completed")


def _workers(fresh_database, settings, clock):  # type: ignore[no-untyped-def]
    """Two web workers' services on one database, and the engine."""
    engine = fresh_database.engine()
    upgrade(engine)
    one, other = (
        build_services(settings, clock=clock, engine=engine, migrate=False) for _ in range(2)
    )
    return engine, one, other


def _listed(services) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {
        state: services.actions.find(SECRETARY, state=state).total
        for state in ("open", "overdue", "all")
    }


def _stored(engine, today: date) -> dict[str, int]:  # type: ignore[no-untyped-def]
    is_open = text(IS_OPEN_SQL)
    with engine.connect() as conn:
        return {
            "open": conn.scalar(select(func.count()).select_from(Action).where(is_open)),
            "overdue": conn.scalar(
                select(func.count()).where(is_open, Action.deadline_end < today)
            ),
            "all": conn.scalar(select(func.count()).select_from(Action)),
        }


@pytest.mark.parametrize("fresh_database", BACKENDS, indirect=True)
def test_a_list_counts_what_is_there_after_any_change_from_anywhere(
    fresh_database, settings, clock
):
    engine, viewer, worker = _workers(fresh_database, settings, clock)
    today = viewer.actions.today()
    rng = random.Random(7)
    ids = [
        worker.actions.add(SECRETARY, new(f"Action {n}", timing=rng.choice(TIMINGS))).action.id
        for n in range(8)
    ]
    assert _listed(viewer) == _stored(engine, today)
    for step in range(40):
        action_id = rng.choice(ids)
        kind = step % 6
        if kind == 0:
            worker.actions.change(SECRETARY, action_id, status=rng.choice(list(Status)), note="s")
        elif kind == 1:
            worker.actions.change(SECRETARY, action_id, timing=rng.choice(TIMINGS[:-1]), note="s")
        elif kind == 2:
            ids.append(worker.actions.add(SECRETARY, new(f"More {step}")).action.id)
        elif kind == 3:  # straight to the table, past the service
            with engine.begin() as conn:
                conn.execute(
                    update(Action)
                    .where(Action.id == action_id)
                    .values(status=rng.choice(list(Status)).value)
                )
        elif kind == 4:
            with engine.begin() as conn:
                conn.execute(
                    insert(Action).values(
                        description=f"Typed in {step}",
                        status="open",
                        created_by="UTEST",
                        created_at=clock.now(),
                        updated_at=clock.now(),
                    )
                )
        else:
            with engine.begin() as conn:
                conn.execute(delete(Action).where(Action.id == action_id))
            ids.remove(action_id)
        assert _listed(viewer) == _stored(engine, today), f"after step {step} ({kind})"
    engine.dispose()


LEADS = ("MPS", "MOPAC", "LFB")


def _lead_lists(services) -> dict[str, dict[str, int]]:  # type: ignore[no-untyped-def]
    """What each lead's lists count, and the list of the person mapped to the first lead."""
    listed = {
        name: {
            state: services.actions.find(SECRETARY, state=state, lead=name).total
            for state in ("open", "overdue")
        }
        for name in LEADS
    }
    person = Actor("UMPS", is_secretary=False)
    listed["mine"] = {
        state: services.actions.find(person, state=state, mine=True).total
        for state in ("open", "overdue")
    }
    return listed


def _lead_stored(engine, today: date) -> dict[str, dict[str, int]]:  # type: ignore[no-untyped-def]
    is_open = text(IS_OPEN_SQL)
    stored: dict[str, dict[str, int]] = {}
    with engine.connect() as conn:
        for name in LEADS:
            of_lead = (
                select(func.count())
                .select_from(Action)
                .join(ActionLead, ActionLead.action_id == Action.id)
                .join(Lead, Lead.id == ActionLead.lead_id)
                .where(Lead.name == name, is_open)
            )
            stored[name] = {
                "open": conn.scalar(of_lead),
                "overdue": conn.scalar(of_lead.where(Action.deadline_end < today)),
            }
    stored["mine"] = stored["MPS"]
    return stored


@pytest.mark.parametrize("fresh_database", BACKENDS, indirect=True)
def test_a_lead_list_counts_what_is_there_after_its_links_change(fresh_database, settings, clock):
    engine, viewer, worker = _workers(fresh_database, settings, clock)
    today = viewer.actions.today()
    worker.leads.map_users(SECRETARY, "MPS", user_ids=["UMPS"], aliases=[])
    rng = random.Random(11)
    ids = [
        worker.actions.add(
            SECRETARY,
            new(
                f"Action {n}",
                leads=rng.sample(LEADS, rng.randint(1, 2)),
                timing=rng.choice(TIMINGS),
            ),
        ).action.id
        for n in range(10)
    ]
    with engine.connect() as conn:
        lead_ids = {name: id_ for name, id_ in conn.execute(select(Lead.name, Lead.id))}
    assert _lead_lists(viewer) == _lead_stored(engine, today)
    for step in range(30):
        action_id = rng.choice(ids)
        kind = step % 5
        if kind == 0:  # the leads changed as a user changes them
            leads = [LeadRef(name=n) for n in rng.sample(LEADS, rng.randint(1, 2))]
            worker.actions.change(SECRETARY, action_id, leads=leads, note="s")
        elif kind == 1:
            worker.actions.change(SECRETARY, action_id, status=rng.choice(list(Status)), note="s")
        elif kind in (2, 3):  # links changed straight in the table, past the service
            with engine.begin() as conn:
                linked = list(
                    conn.scalars(
                        select(ActionLead.lead_id).where(ActionLead.action_id == action_id)
                    )
                )
                others = [i for i in lead_ids.values() if i not in linked]
                if kind == 2 and others:  # a link added
                    conn.execute(
                        insert(ActionLead).values(
                            action_id=action_id, lead_id=rng.choice(others), position=9
                        )
                    )
                elif kind == 3 and linked:  # a link given to another lead, or removed
                    where = (ActionLead.action_id == action_id, ActionLead.lead_id == linked[0])
                    if others and step % 2:
                        conn.execute(update(ActionLead).where(*where).values(lead_id=others[0]))
                    else:
                        conn.execute(delete(ActionLead).where(*where))
        else:
            worker.actions.change(SECRETARY, action_id, timing=rng.choice(TIMINGS[:-1]), note="s")
        assert _lead_lists(viewer) == _lead_stored(engine, today), f"after step {step} ({kind})"
    engine.dispose()


@pytest.mark.parametrize("fresh_database", BACKENDS, indirect=True)
def test_a_change_counts_once_it_is_committed(fresh_database, settings, clock):
    engine, viewer, worker = _workers(fresh_database, settings, clock)
    first = worker.actions.add(SECRETARY, new("Send the report")).action.id
    worker.actions.add(SECRETARY, new("Publish the figures"))
    assert viewer.actions.find(SECRETARY).total == 2
    with engine.connect() as conn:
        changing = conn.begin()
        conn.execute(update(Action).where(Action.id == first).values(status="done"))
        assert viewer.actions.find(SECRETARY).total == 2  # not yet committed
        changing.commit()
    assert viewer.actions.find(SECRETARY).total == 1
    with engine.connect() as conn:
        changing = conn.begin()
        conn.execute(update(Action).where(Action.id == first).values(status="open"))
        changing.rollback()
    assert viewer.actions.find(SECRETARY).total == 1
    engine.dispose()


@pytest.mark.parametrize("fresh_database", BACKENDS, indirect=True)
def test_a_list_with_nothing_changed_does_not_count_again(fresh_database, settings, clock):
    engine, viewer, worker = _workers(fresh_database, settings, clock)
    for n in range(3):
        worker.actions.add(SECRETARY, new(f"Action {n}"))
    counts: list[str] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _seen(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        if "count(*)" in statement.lower() and "from actions" in statement.lower():
            counts.append(statement)

    assert viewer.actions.find(SECRETARY).total == 3
    assert len(counts) == 1
    assert viewer.actions.find(SECRETARY).total == 3
    assert viewer.actions.find(SECRETARY, page=1).total == 3
    assert len(counts) == 1
    worker.actions.add(SECRETARY, new("One more"))
    assert viewer.actions.find(SECRETARY).total == 4
    assert len(counts) == 2
    engine.dispose()


@pytest.mark.parametrize("fresh_database", [POSTGRES], indirect=True)
def test_transactions_changing_actions_do_not_wait_on_each_other_for_the_kept_row(
    fresh_database, settings, clock
):
    """The row moves as a transaction commits, so one that then changes an action another holds
    waits only for that one to finish, as without the row: no deadlock."""
    engine, _, worker = _workers(fresh_database, settings, clock)
    x, y = (worker.actions.add(SECRETARY, new(f"Action {n}")).action.id for n in range(2))
    first, second = engine.connect(), engine.connect()
    one, two = first.begin(), second.begin()
    for conn in (first, second):  # a wait that would never end fails the test instead
        conn.exec_driver_sql("SET LOCAL lock_timeout = '5s'")
    first.execute(update(Action).where(Action.id == x).values(status="done"))
    second.execute(update(Action).where(Action.id == y).values(status="done"))
    failed: list[BaseException] = []

    def first_goes_on() -> None:
        try:
            first.execute(update(Action).where(Action.id == y).values(status="blocked"))
            one.commit()
        except BaseException as exc:
            failed.append(exc)

    waiting = threading.Thread(target=first_goes_on)
    waiting.start()
    waiting.join(0.5)
    assert waiting.is_alive()  # waits for the second's hold on y, as it would anyway
    two.commit()
    waiting.join(10)
    assert not waiting.is_alive() and failed == []
    first.close()
    second.close()
    with engine.connect() as conn:
        found = conn.execute(select(Action.id, Action.status).where(Action.id.in_([x, y])))
        statuses = {row.id: row.status for row in found}
    assert statuses == {x: "done", y: "blocked"}
    engine.dispose()
