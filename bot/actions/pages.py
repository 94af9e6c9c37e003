"""Pages of actions by deadline, soonest first and then those with none: the open actions of
everyone, read from `ix_actions_open_by_due`, or of one lead, from the leads' copies of each
action's state and deadline (`ix_action_leads_open_by_due`); or every action, open or closed.

A page is read in two parts, dated then undated, so that each follows its index's order instead
of sorting; the count is a walk of the index, which a list may keep (`KeptCounts`) until the
database notes a change to the actions or their leads. The statements are built once
for each kind of list, and the lead, the day, the offset and the limit are bound when they run:
building a statement took longer than running it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Integer, Select, bindparam, func, select, text, true

from bot.models.actions import IS_OPEN_SQL, Action, ActionLead, ActionsChanged
from bot.models.leads import LeadUser

_ACTIONS, _LINKS = Action.__table__, ActionLead.__table__
_OFFSET = bindparam("offset", type_=Integer)
_LIMIT = bindparam("limit", type_=Integer)


@dataclass(frozen=True)
class _OpenList:
    count: Select[Any]
    dated: Select[Any]
    dated_count: Select[Any]
    undated: Select[Any]


def _open_list(table: Any, action_id: Any, deadline: Any, where: list[Any]) -> _OpenList:
    dated = [*where, deadline.is_not(None)]
    return _OpenList(
        count=select(func.count()).select_from(table).where(*where),
        dated=select(action_id)
        .where(*dated)
        .order_by(deadline, action_id)
        .offset(_OFFSET)
        .limit(_LIMIT),
        dated_count=select(func.count()).select_from(table).where(*dated),
        undated=select(action_id)
        .where(*where, deadline.is_(None))
        .order_by(action_id)
        .offset(_OFFSET)
        .limit(_LIMIT),
    )


def _lists(table: Any, action_id: Any, deadline: Any, where: list[Any]) -> dict[bool, _OpenList]:
    """By whether only the overdue are wanted."""
    overdue = [*where, deadline < bindparam("today")]
    return {
        False: _open_list(table, action_id, deadline, where),
        True: _open_list(table, action_id, deadline, overdue),
    }


# Written out, so that the partial index serves them (see status_in).
_OPEN = _lists(_ACTIONS, _ACTIONS.c.id, _ACTIONS.c.deadline_end, [text(IS_OPEN_SQL)])
_ONE_LEAD = _lists(
    _LINKS,
    _LINKS.c.action_id,
    _LINKS.c.deadline_end,
    [_LINKS.c.lead_id == bindparam("lead"), _LINKS.c.is_open == true()],
)
_EVERYTHING = _open_list(_ACTIONS, _ACTIONS.c.id, _ACTIONS.c.deadline_end, [])
_LEADS_OF = select(LeadUser.__table__.c.lead_id).where(
    LeadUser.__table__.c.slack_user_id == bindparam("user")
)


_CHANGES = select(ActionsChanged.__table__.c.changes)


class KeptCounts:
    """How many actions each list (of everyone's actions, or of one lead's) counted, kept while
    the database's `actions_changed` row stays the same: its triggers move it, in the same
    transaction, with every action added or removed, closed or reopened, or given a new
    deadline, and every lead linked to an action or unlinked (migrations 0014 and 0015).
    Counting 45,000 open actions walks 45,000 index entries, and the busiest lead's 4,800;
    reading the row, one.

    For read-only transactions only: one that has changed actions itself sees its own change
    before the row moves (on PostgreSQL the row moves as it commits)."""

    LIMIT = 1024  # kinds of list by lead and day; more, and all are forgotten and counted again

    def __init__(self) -> None:
        self._kept: dict[tuple[int, int | None, date | None], tuple[int, int]] = {}

    def total(self, connection: Connection, count: Select[Any], given: dict[str, Any]) -> int:
        changes = connection.execute(_CHANGES).scalar_one()
        key = (id(count), given.get("lead"), given.get("today"))
        kept = self._kept.get(key)
        if kept is not None and kept[0] == changes:
            return kept[1]
        total = int(connection.execute(count, given).scalar_one())
        if len(self._kept) >= self.LIMIT:
            self._kept.clear()
        self._kept[key] = (changes, total)
        return total


def leads_of(connection: Connection, user_id: str) -> list[int]:
    """The leads a Slack user is mapped to."""
    return list(connection.execute(_LEADS_OF, {"user": user_id}).scalars())


def deadline_page(
    connection: Connection,
    *,
    offset: int,
    limit: int,
    lead_id: int | None = None,
    overdue_on: date | None = None,
    closed_too: bool = False,
    kept: KeptCounts | None = None,
) -> tuple[list[int], int]:
    """The ids on one page of open actions (of one lead, or of all), and how many there are in
    all; with `overdue_on`, only those due before that day; with `closed_too`, of every action.
    The count is taken from `kept` when given."""
    if closed_too:
        kind = _EVERYTHING
    else:
        kind = (_OPEN if lead_id is None else _ONE_LEAD)[overdue_on is not None]
    given: dict[str, Any] = {}
    if lead_id is not None:
        given["lead"] = lead_id
    if overdue_on is not None:
        given["today"] = overdue_on

    def count(statement: Select[Any]) -> int:
        if kept is not None:
            return kept.total(connection, statement, given)
        return int(connection.execute(statement, given).scalar_one())

    total = count(kind.count)
    ids = list(
        connection.execute(kind.dated, {**given, "offset": offset, "limit": limit}).scalars()
    )
    if len(ids) == limit or overdue_on is not None:  # no undated action is overdue
        return ids, total
    skip = offset - count(kind.dated_count) if offset and not ids else 0
    undated = {**given, "offset": max(0, skip), "limit": limit - len(ids)}
    return ids + list(connection.execute(kind.undated, undated).scalars()), total
