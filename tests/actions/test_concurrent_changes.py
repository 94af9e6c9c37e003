"""Two people changing one action at once: the second is told, nothing is overwritten."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from bot.actions.repository import ActionRepository
from bot.actions.service import Actor, NewAction
from bot.db.migrate import upgrade
from bot.errors import Conflict
from bot.leads.service import LeadRef
from bot.models.actions import Action, Status
from bot.services import build_services
from tests.conftest import BACKENDS

SECRETARY = Actor("USEC", is_secretary=True)


@pytest.mark.parametrize("fresh_database", BACKENDS, indirect=True)
def test_a_change_made_meanwhile_is_not_overwritten(fresh_database, settings, clock, monkeypatch):
    engine = fresh_database.engine()
    upgrade(engine)
    services = build_services(settings, clock=clock, engine=engine, migrate=False)
    action = services.actions.add(SECRETARY, NewAction("Send the report", [LeadRef("MPS")])).action
    read = ActionRepository.get

    def read_then_someone_else_saves(self, action_id, **kwargs):
        found = read(self, action_id, **kwargs)
        with engine.begin() as other:
            other.execute(
                update(Action)
                .where(Action.id == action_id)
                .values(status="blocked", version=Action.version + 1)
            )
        return found

    monkeypatch.setattr(ActionRepository, "get", read_then_someone_else_saves)
    with pytest.raises(Conflict, match="Someone else changed this action"):
        services.actions.update(SECRETARY, action.id, status=Status.DONE, note="sent")
    monkeypatch.setattr(ActionRepository, "get", read)
    stored = services.actions.get(action.id)
    assert stored.status == "blocked"
    assert [e.field for e in stored.events] == ["created"]
    engine.dispose()
