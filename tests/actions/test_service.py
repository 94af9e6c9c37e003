"""ActionService against a real migrated database: what is stored, listed and refused."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from bot.actions.repository import ActionRepository
from bot.actions.service import Actor, NewAction
from bot.errors import InvalidInput, NotFound, PermissionDenied
from bot.leads.service import LeadRef
from bot.models.actions import Action, ActionEvent, Status

SECRETARY = Actor("USEC", is_secretary=True)
NOBODY = Actor("UNOBODY", is_secretary=False)


def new(description="Provide the SSO report", leads=("MPS",), **kwargs) -> NewAction:
    return NewAction(description=description, leads=[LeadRef(name=n) for n in leads], **kwargs)


def count(sessions, model) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_add_stores_the_deadline_window_and_history(services, sessions):
    result = services.actions.add(
        SECRETARY,
        new(timing="August/Sept 2022", board="PROB", item_no="9", meeting_date=date(2022, 6, 24)),
    )
    with sessions() as session:
        stored = ActionRepository(session).card(result.action.id)
        assert (stored.deadline_start, stored.deadline_end) == (date(2022, 8, 1), date(2022, 9, 30))
        assert stored.granularity == "range"
    action = services.actions.get(result.action.id)
    assert action.timing_raw == "August/Sept 2022"
    assert action.board_name == "PROB" and action.meeting_date == date(2022, 6, 24)
    assert [e.field for e in action.events] == ["created"]
    assert result.new_board is not None and [lead.name for lead in result.new_leads] == ["MPS"]


def test_joint_leads_are_two_leads_and_known_aliases_match(services):
    services.leads.map_users(
        SECRETARY, "MPS", user_ids=["U1"], aliases=["Met", "Metropolitan Police Service"]
    )
    result = services.actions.add(SECRETARY, new(leads=("metropolitan police service", "MOPAC")))
    assert [lead.name for lead in result.action.leads] == ["MPS", "MOPAC"]
    assert [lead.name for lead in result.new_leads] == ["MOPAC"]


def test_completed_timing_adds_a_done_action(services):
    action = services.actions.add(SECRETARY, new(timing="Completed")).action
    assert action.status == "done" and action.deadline_end is None
    assert services.actions.get(action.id).events[0].note == "added as completed"


def test_bad_timing_writes_nothing(services, sessions):
    with pytest.raises(InvalidInput, match="soonish"):
        services.actions.add(SECRETARY, new(timing="soonish", board="New board"))
    assert count(sessions, Action) == 0
    with pytest.raises(NotFound):
        services.actions.find(SECRETARY, board="New board")


def test_next_board_needs_a_meeting_date_then_uses_it(services, sessions):
    with pytest.raises(InvalidInput, match="no upcoming meeting"):
        services.actions.add(SECRETARY, new(timing="next board", board="PROB"))
    services.actions.add(SECRETARY, new(board="PROB", meeting_date=date(2022, 10, 20)))
    action = services.actions.add(SECRETARY, new(timing="next board", board="PROB")).action
    assert action.deadline_end == date(2022, 10, 20)


def test_list_open_by_soonest_deadline_with_no_deadline_last(services):
    ids = {}
    for timing in ["", "October 2022", "August 2022", "Completed", "31/07/2022"]:
        ids[timing] = services.actions.add(SECRETARY, new(timing=timing)).action.id
    page = services.actions.find(SECRETARY)
    assert [a.id for a in page.items] == [
        ids["31/07/2022"],
        ids["August 2022"],
        ids["October 2022"],
        ids[""],
    ]
    overdue = services.actions.find(SECRETARY, state="overdue")  # the clock says 25 July 2022
    assert [a.id for a in overdue.items] == []
    done = services.actions.find(SECRETARY, state="done")
    assert [a.id for a in done.items] == [ids["Completed"]]


def test_overdue_and_mine_filters(services, clock):
    services.leads.map_users(SECRETARY, "MPS", user_ids=["UALICE"], aliases=[])
    mine = services.actions.add(SECRETARY, new(timing="August 2022")).action
    services.actions.add(SECRETARY, new(leads=("MOPAC",), timing="August 2022"))
    clock.set(datetime(2022, 9, 1, 9, tzinfo=UTC))
    overdue = services.actions.find(Actor("UALICE", False), state="overdue", mine=True)
    assert [a.id for a in overdue.items] == [mine.id]
    assert overdue.items[0].is_overdue(services.actions.today())


def test_pages_hold_ten_and_a_missing_page_is_explained(services):
    for n in range(12):
        services.actions.add(SECRETARY, new(description=f"Action {n}"))
    second = services.actions.find(SECRETARY, page=2)
    assert (second.number, second.pages, second.total, len(second.items)) == (2, 2, 12, 2)
    with pytest.raises(InvalidInput, match="no page 3"):
        services.actions.find(SECRETARY, page=3)


def test_update_records_each_change_with_the_note(services):
    action = services.actions.add(SECRETARY, new(timing="August 2022")).action
    services.actions.update(
        SECRETARY,
        action.id,
        status=Status.BLOCKED,
        timing="September 2022",
        note="waiting for data",
    )
    events = services.actions.get(action.id).events
    changes = {(e.field, e.old, e.new, e.note) for e in events[1:]}
    assert changes == {
        ("status", "open", "blocked", "waiting for data"),
        ("due", "August 2022", "September 2022", "waiting for data"),
    }


def test_a_note_alone_is_recorded(services):
    action = services.actions.add(SECRETARY, new()).action
    services.actions.update(SECRETARY, action.id, note="chased")
    assert services.actions.get(action.id).events[-1].note == "chased"


def test_nothing_to_update_is_an_error(services):
    action = services.actions.add(SECRETARY, new()).action
    with pytest.raises(InvalidInput, match="Nothing to update"):
        services.actions.update(SECRETARY, action.id)
    with pytest.raises(InvalidInput, match="already has those values"):
        services.actions.update(SECRETARY, action.id, status=Status.OPEN)


def test_done_and_reopen_refuse_no_ops(services):
    action = services.actions.add(SECRETARY, new()).action
    services.actions.set_status(SECRETARY, action.id, Status.DONE, note="sent")
    with pytest.raises(InvalidInput, match="already done"):
        services.actions.set_status(SECRETARY, action.id, Status.DONE, note=None)
    services.actions.set_status(SECRETARY, action.id, Status.OPEN, note="more needed")
    with pytest.raises(InvalidInput, match="nothing to reopen"):
        services.actions.set_status(SECRETARY, action.id, Status.OPEN, note=None)


def test_unknown_ids_and_names_are_explained(services):
    with pytest.raises(NotFound, match="no action #404"):
        services.actions.get(404)
    with pytest.raises(NotFound, match='No lead is called "Nobody"'):
        services.actions.find(SECRETARY, lead="Nobody")


def test_who_may_do_what(services, sessions):
    with pytest.raises(PermissionDenied):
        services.actions.add(NOBODY, new())
    action = services.actions.add(SECRETARY, new()).action
    events_before = count(sessions, ActionEvent)
    with pytest.raises(PermissionDenied):
        services.actions.update(NOBODY, action.id, status=Status.DONE)
    assert count(sessions, ActionEvent) == events_before
    services.leads.map_users(SECRETARY, "MPS", user_ids=["ULEAD"], aliases=[])
    lead = Actor("ULEAD", False)
    services.actions.update(lead, action.id, status=Status.DONE, note="sent")
    with pytest.raises(PermissionDenied, match="change who leads"):
        services.actions.update(lead, action.id, leads=[LeadRef(name="MOPAC")])


def test_a_board_secretary_manages_only_their_board(services):
    board_action = services.actions.add(SECRETARY, new(board="PROB")).action
    other = services.actions.add(SECRETARY, new(board="Finance")).action
    board_secretary = Actor("UBS", False, secretary_of=frozenset({board_action.board_id}))
    services.actions.update(board_secretary, board_action.id, status=Status.IN_PROGRESS)
    with pytest.raises(PermissionDenied):
        services.actions.update(board_secretary, other.id, status=Status.IN_PROGRESS)


def test_overlong_text_is_refused(services):
    with pytest.raises(InvalidInput, match="the most is 2500"):
        services.actions.add(SECRETARY, new(description="x" * 2501))
