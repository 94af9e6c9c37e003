"""Queries for imports: the actions an import changes, pending imports; never commits."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from bot.db.sql import new_ids, table_of
from bot.models.actions import Action, ActionEvent, ActionLead
from bot.models.boards import Board
from bot.models.imports import PendingImport


class ImportRepository:
    def __init__(self, session: Session) -> None:
        self._session = session
        self._added: list[Action] = []

    def lock_board(self, name: str) -> None:
        """Make two imports into one board run one after the other, until this one commits.

        A write, not SELECT ... FOR UPDATE: it also takes SQLite's write lock before anything is
        read (pysqlite begins a transaction only at the first write), and it locks even when the
        board does not exist yet.
        """
        key = " ".join(name.split()).casefold()
        self._session.execute(
            update(Board)
            .where(or_(func.lower(Board.name) == key, func.lower(Board.short_name) == key))
            .values(name=Board.name)
            .execution_options(synchronize_session=False)
        )

    def actions(self, ids: list[int]) -> dict[int, Action]:
        """The actions with these ids that still exist, read in one query."""
        if not ids:
            return {}
        found = self._session.scalars(select(Action).where(Action.id.in_(ids))).unique()
        return {action.id: action for action in found}

    def add(self, action: Action) -> None:
        """Written with the others at the next flush (see `flush`), not one round trip each."""
        self._session.add(action)
        self._added.append(action)

    def flush(self) -> None:
        """Write the actions added, given their ids first in the order added: with their ids
        known, the ORM inserts them all in one executemany, not one by one reading each id back."""
        waiting = [action for action in self._added if action.id is None]
        if waiting and (ids := new_ids(self._session, table_of(Action).c.id, len(waiting))):
            for action, id_ in zip(waiting, ids, strict=True):
                action.id = id_
        self._added.clear()
        self._session.flush()

    def add_links(self, rows: list[dict[str, Any]]) -> None:
        """Lead links of actions already written, in one batch."""
        if rows:
            self._session.execute(insert(table_of(ActionLead)), rows)

    def add_events(self, rows: list[dict[str, Any]]) -> None:
        """History rows of actions already written, in one batch and in the order given."""
        if rows:
            self._session.execute(insert(table_of(ActionEvent)), rows)

    def add_pending(self, pending: PendingImport) -> None:
        self._session.add(pending)
        self._session.flush()

    def pending(self, token: str, *, lock: bool = False) -> PendingImport | None:
        query = select(PendingImport).where(PendingImport.token == token)
        return self._session.scalar(query.with_for_update() if lock else query)

    def delete_pending(self, pending: PendingImport) -> None:
        self._session.delete(pending)
        self._session.flush()

    def purge_expired(self, now: datetime) -> None:
        self._session.execute(delete(PendingImport).where(PendingImport.expires_at <= now))
