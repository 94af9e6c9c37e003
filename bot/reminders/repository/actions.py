"""Loading the actions a sweep reminds about, with their leads, users and boards, as views."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.models.actions import Action, ActionEvent, ActionLead
from bot.models.boards import Board, BoardSecretary
from bot.models.leads import Lead, LeadUser
from bot.reminders.views import ActionView, BoardView, LeadView

# The history entries whose note a reminder shows as the action's latest word.
NOTED_FIELDS = ("note", "status", "due", "lead")
# Keeps every IN list well inside SQLite's limit on bound parameters.
CHUNK = 500


def chunks(values: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def load_actions(session: Session, ids: Iterable[int]) -> dict[int, ActionView]:
    """The actions with everything a reminder shows or needs: five queries a chunk of ids."""
    found: dict[int, ActionView] = {}
    leads: dict[int, LeadView] = {}
    boards: dict[int, BoardView] = {}
    columns = (Action.id, Action.description, Action.deadline_end, Action.timing_raw)
    actions = select(
        *columns,
        Action.item_no,
        Action.status,
        Action.board_id,
        Action.version,
        Action.agreed_timing_raw,
    )
    linked = select(ActionLead.action_id, ActionLead.lead_id).order_by(ActionLead.position)
    for part in chunks(sorted(set(ids))):
        rows = session.execute(actions.where(Action.id.in_(part))).all()
        links: dict[int, list[int]] = defaultdict(list)
        for action_id, lead_id in session.execute(linked.where(ActionLead.action_id.in_(part))):
            links[action_id].append(lead_id)
        leads.update(_leads(session, {i for ids in links.values() for i in ids} - set(leads)))
        boards.update(_boards(session, {r.board_id for r in rows} - set(boards) - {None}))
        notes = _latest_notes(session, part)
        for row in rows:
            found[row.id] = ActionView(
                id=row.id,
                description=row.description,
                deadline_end=row.deadline_end,
                timing_raw=row.timing_raw,
                item_no=row.item_no,
                status=row.status,
                leads=tuple(leads[i] for i in links[row.id]),
                board=None if row.board_id is None else boards.get(row.board_id),
                version=row.version,
                note=notes[row.id][0] if row.id in notes else None,
                note_at=notes[row.id][1] if row.id in notes else None,
                agreed_timing_raw=row.agreed_timing_raw,
            )
    return found


def _leads(session: Session, ids: set[int]) -> dict[int, LeadView]:
    users: dict[int, list[str]] = defaultdict(list)
    mapped = select(LeadUser.lead_id, LeadUser.slack_user_id).where(LeadUser.lead_id.in_(ids))
    for lead_id, user_id in session.execute(mapped.order_by(LeadUser.slack_user_id)):
        users[lead_id].append(user_id)
    named = select(Lead.id, Lead.name).where(Lead.id.in_(ids))
    return {i: LeadView(i, name, tuple(users[i])) for i, name in session.execute(named)}


def _boards(session: Session, ids: set[int]) -> dict[int, BoardView]:
    secretaries: dict[int, list[str]] = defaultdict(list)
    user = BoardSecretary.slack_user_id
    kept = select(BoardSecretary.board_id, user).where(BoardSecretary.board_id.in_(ids))
    for board_id, user_id in session.execute(kept.order_by(user)):
        secretaries[board_id].append(user_id)
    named = select(Board.id, Board.name, Board.channel_id).where(Board.id.in_(ids))
    return {
        i: BoardView(name, channel, tuple(secretaries[i]))
        for i, name, channel in session.execute(named)
    }


def _latest_notes(session: Session, ids: Sequence[int]) -> dict[int, tuple[str | None, datetime]]:
    """Each action's latest note and when it was written: one query for the chunk."""
    latest = (
        select(func.max(ActionEvent.id))
        .where(
            ActionEvent.action_id.in_(ids),
            ActionEvent.note.is_not(None),
            ActionEvent.field.in_(NOTED_FIELDS),
        )
        .group_by(ActionEvent.action_id)
    )
    rows = session.execute(
        select(ActionEvent.action_id, ActionEvent.note, ActionEvent.at).where(
            ActionEvent.id.in_(latest)
        )
    )
    return {action_id: (note, at) for action_id, note, at in rows}
