"""Database hooks that keep reminder cursors current: a new or changed action or a newly mapped
person moves the action's cursor to LOOK_NOW, so the next sweep looks at it.

`register()` attaches them to the mappers and sessions; it is called when the services are built
and is safe to call again.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Select, event, select, update
from sqlalchemy.orm import Mapper, Session, UOWTransaction

from bot.db.sql import insert_or_ignore, table_of
from bot.models.actions import Action, ActionLead
from bot.models.leads import LeadUser
from bot.models.reminders import LOOK_NOW, Cursor


def register() -> None:
    """Attach the hooks once; later calls change nothing."""
    for target, name, hook in _HOOKS:
        if not event.contains(target, name, hook):
            event.listen(target, name, hook)


def _look_again(connection: Connection, action_ids: Select[Any] | list[int]) -> None:
    table = table_of(Cursor)
    connection.execute(
        update(table)
        .where(table.c.action_id.in_(action_ids))
        .values(next_at=LOOK_NOW, generation=table.c.generation + 1)
    )


def _cursors(connection: Connection, actions: list[Action]) -> None:
    rows = [
        {"action_id": action.id, "next_at": LOOK_NOW, "generation": 0}
        for action in sorted(actions, key=lambda action: action.id)
        if action.deadline_end is not None and not action.is_closed
    ]
    insert_or_ignore(connection, table_of(Cursor), rows)


def _new_actions(session: Session, _flush: UOWTransaction) -> None:
    # Once a flush, in one statement: an import adds thousands of actions at once. (After a
    # flush, `session.new` still holds what it added, with their ids.)
    added = [found for found in session.new if isinstance(found, Action)]
    if added:
        _cursors(session.connection(), added)


def _changed_action(_mapper: Mapper[Any], connection: Connection, action: Action) -> None:
    # A new deadline, a reopening or a new lead can make a reminder due now; a sweep decides.
    _look_again(connection, [action.id])
    _cursors(connection, [action])


def _new_lead_user(_mapper: Mapper[Any], connection: Connection, link: LeadUser) -> None:
    # Someone newly mapped to a lead hears about that lead's actions from the next sweep on.
    _look_again(connection, select(ActionLead.action_id).where(ActionLead.lead_id == link.lead_id))


_HOOKS: tuple[tuple[Any, str, Any], ...] = (
    (Session, "after_flush", _new_actions),
    (Action, "after_update", _changed_action),
    (LeadUser, "after_insert", _new_lead_user),
)
