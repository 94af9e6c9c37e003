"""Adding, changing and listing actions: each public method is one transaction."""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from bot.access import Actor, Caller
from bot.actions.changes import change_leads, change_status, check_may_change, load_for_reply
from bot.actions.checks import (
    clean_text,
    found_action,
    item_number,
    known_lead_id,
    refuse,
)
from bot.actions.closure import check_may_change_status, close_by_board, confirm, needs_board
from bot.actions.deadlines import decide, move_deadline
from bot.actions.pages import KeptCounts
from bot.actions.repository import ActionQuery, ActionRepository
from bot.actions.results import AddResult as AddResult
from bot.actions.results import NewAction as NewAction
from bot.actions.results import Page as Page
from bot.actions.results import Updated as Updated
from bot.boards.repository import BoardRepository, named_board
from bot.clock import Clock
from bot.db.session import reading
from bot.errors import Conflict, InvalidInput
from bot.leads.service import LeadRef, resolve_leads
from bot.models.actions import Action, ActionLead, Status
from bot.models.boards import Board, DeadlineChanges
from bot.models.shown import ActionRow
from bot.timing import Deadline, parse_timing

MAX_DESCRIPTION = 2500
MAX_NOTE = 2000
PAGE_SIZE = 10


class ActionService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Clock,
        tz: ZoneInfo,
        *,
        closure_needs_board: bool = False,
        deadline_changes: DeadlineChanges = DeadlineChanges.LEAD,
    ) -> None:
        self._sessions, self._reads = sessions, reading(sessions)
        self._clock, self._tz = clock, tz
        self._closure_needs_board = closure_needs_board
        self._deadline_changes = deadline_changes
        self._counts = KeptCounts()  # for `find` only: it changes nothing

    def today(self) -> date:
        return self._clock.now().astimezone(self._tz).date()

    def add(self, by: Caller, new: NewAction) -> AddResult:
        description = clean_text(new.description, "description", MAX_DESCRIPTION)
        if not description:
            raise InvalidInput(
                "An action needs a description, e.g. "
                '`/actions add Provide the SSO report lead:MPS due:"August 2022"`.'
            )
        if not new.leads:
            raise InvalidInput(
                'Who leads this action? Add lead:<name>, e.g. lead:MPS or lead:"MPS and MOPAC".'
            )
        item_no = item_number(new.item_no)
        now = self._clock.now()
        with self._write() as session:
            actor = by.rights(session)
            if not actor.is_any_secretary:
                refuse("add actions")
            board, new_board = self._board_for_add(session, new.board)
            if not actor.manages(board.id if board else None) and (board or new_board):
                refuse(f"add actions to {board.name if board else new.board}")
            if new.meeting_date is not None and board is None:
                raise InvalidInput("A meeting date needs a board: add board:<board>.")
            deadline = self._deadline(session, new.timing, board)
            leads, new_leads, doubtful = resolve_leads(session, new.leads, self._clock)
            action = Action(
                board=board,
                item_no=item_no,
                description=description,
                status=Status.DONE if deadline.completed else Status.OPEN,
                forum=clean_text(new.forum, "forum", MAX_NOTE) or None,
                source_ref=clean_text(new.source_ref, "source reference", 100) or None,
                created_by=actor.user_id,
                created_at=now,
                updated_at=now,
            )
            if board is not None and new.meeting_date is not None:
                action.meeting = BoardRepository(session).get_or_create_meeting(
                    board, new.meeting_date
                )
            action.agree_deadline(deadline)
            action.lead_links = [ActionLead(lead=lead, position=i) for i, lead in enumerate(leads)]
            if deadline.completed and board is not None:
                # Recorded as completed by the board's secretary: the board closed it.
                confirm(action, new.meeting_date, actor.user_id, now)
            repo = ActionRepository(session)
            repo.add(action)
            note = "added as completed" if deadline.completed else None
            repo.record(action, actor=actor.user_id, at=now, field="created", note=note)
            load_for_reply(session, action)
            return AddResult(action, new_leads, board if new_board else None, doubtful)

    def get(self, action_id: int) -> ActionRow:
        """The action as its card shows it, with its history."""
        with self._reads.begin() as session:
            return found_action(ActionRepository(session).shown(action_id), action_id)

    def find(
        self,
        by: Caller,
        *,
        state: str = "open",
        mine: bool = False,
        lead: str | None = None,
        board: str | None = None,
        page: int = 1,
        meeting: date | None = None,
    ) -> Page:
        """One page of the actions that match; `mine` means those whose lead `by` is mapped to."""
        with self._reads.begin() as session:
            query = ActionQuery(
                state=state,
                today=self.today(),
                user_id=by.user_id if mine else None,
                lead_id=known_lead_id(session, lead) if lead else None,
                board_id=named_board(session, board).id if board else None,
                meeting_date=meeting,
            )
            items, total = ActionRepository(session).page(
                query, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE, kept=self._counts
            )
            pages = max(1, math.ceil(total / PAGE_SIZE))
            if page > pages:
                raise InvalidInput(f"There is no page {page}: the list has {pages} page(s).")
            return Page(items, page, pages, total)

    def update(self, by: Caller, action_id: int, **changes: Any) -> Action:
        """`change` (the same keyword arguments), giving the action alone."""
        return self.change(by, action_id, **changes).action

    def change(
        self,
        by: Caller,
        action_id: int,
        *,
        status: Status | None = None,
        timing: str | None = None,
        leads: list[LeadRef] | None = None,
        note: str | None = None,
        version: int | None = None,
    ) -> Updated:
        """`update`, saying whether the deadline moved or was proposed to move; with `version`,
        refused if the action has changed since it was shown at that version."""
        note = clean_text(note, "note", MAX_NOTE) or None
        if status is None and timing is None and leads is None and note is None:
            raise InvalidInput(
                "Nothing to update. Give a status, a due date, a lead or a note, e.g. "
                '`/actions update 12 status:in-progress due:"September 2022" chased again`.'
            )
        with self._write() as session:
            return self._update(
                session,
                by.rights(session),
                action_id,
                status=status,
                timing=timing,
                leads=leads,
                note=note,
                version=version,
            )

    def set_status(
        self, by: Caller, action_id: int, status: Status, *, note: str | None = None
    ) -> Action:
        """`done` and `reopen`: refuse a change that would change nothing."""
        with self._write() as session:
            action = found_action(ActionRepository(session).get(action_id), action_id)
            if status is Status.OPEN and not action.is_closed:
                raise InvalidInput(f"#{action_id} is already {action.status}; nothing to reopen.")
            if status is not Status.OPEN and action.status == status.value:
                raise InvalidInput(f"#{action_id} is already {status.value}.")
            return self._update(
                session,
                by.rights(session),
                action_id,
                status=status,
                note=clean_text(note, "note", MAX_NOTE) or None,
            ).action

    def decide_deadline(
        self, by: Caller, action_id: int, *, accept: bool, note: str | None = None
    ) -> Updated:
        """A secretary accepts or declines the deadline a lead proposed."""
        note = clean_text(note, "note", MAX_NOTE) or None
        with self._write() as session:
            action = found_action(ActionRepository(session).get(action_id), action_id)
            parse = partial(self._deadline, session, board=action.board)
            move = decide(
                session, by.rights(session), action, accept, note, self._clock.now(), parse
            )
            load_for_reply(session, action)
            return Updated(action, move)

    def close(
        self, by: Caller, action_id: int, *, meeting: date | None = None, note: str | None = None
    ) -> Action:
        """Record that the board closed the action at `meeting` (default: its latest)."""
        note = clean_text(note, "note", MAX_NOTE) or None
        with self._write() as session:
            action = found_action(ActionRepository(session).get(action_id), action_id)
            action.updated_at = self._clock.now()
            close_by_board(session, by.rights(session), action, meeting, self.today(), note)
            load_for_reply(session, action)
            return action

    def _update(
        self,
        session: Session,
        actor: Actor,
        action_id: int,
        *,
        status: Status | None = None,
        timing: str | None = None,
        leads: list[LeadRef] | None = None,
        note: str | None = None,
        version: int | None = None,
    ) -> Updated:
        now = self._clock.now()
        repo = ActionRepository(session)
        action = found_action(repo.get(action_id), action_id, version)
        check_may_change(session, actor, action, changes_lead=leads is not None)
        check_may_change_status(actor, action, status)
        action.updated_at = now
        changed, move = False, None
        if timing is not None:
            deadline = self._deadline(session, timing, action.board)
            move = move_deadline(repo, action, deadline, actor, note, self._deadline_changes)
            changed = move is not None
            if deadline.completed and status is None:
                status = Status.DONE
                check_may_change_status(actor, action, status)
        if status is not None:
            proposes = needs_board(action, self._closure_needs_board)
            changed |= change_status(
                repo, action, status, actor=actor, note=note, proposes=proposes
            )
        if leads is not None:
            if not leads:
                raise InvalidInput("An action needs at least one lead, e.g. lead:MPS.")
            found = resolve_leads(session, leads, self._clock).leads
            changed |= change_leads(session, repo, action, found, actor=actor, note=note)
        if not changed:
            if note is None:
                raise InvalidInput(f"#{action.id} already has those values; nothing changed.")
            repo.record(action, actor=actor.user_id, at=now, field="note", note=note)
        load_for_reply(session, action)
        return Updated(action, move)

    def _board_for_add(self, session: Session, name: str | None) -> tuple[Board | None, bool]:
        if not name:
            return None, False
        return BoardRepository(session).get_or_create(
            clean_text(name, "board name", 200), self._clock.now()
        )

    def _deadline(self, session: Session, timing: str | None, board: Board | None) -> Deadline:
        today = self.today()
        next_meeting = None
        if board is not None and board.id is not None:
            boards = BoardRepository(session)
            boards.extend_rule(board, today)
            meeting = boards.next_meeting(board, today)
            next_meeting = meeting.date if meeting else None
        return parse_timing(timing, today=today, next_meeting=next_meeting)

    @contextmanager
    def _write(self) -> Iterator[Session]:
        try:
            with self._sessions.begin() as session:
                yield session
        except StaleDataError as exc:
            raise Conflict(
                "Someone else changed this action at the same moment; nothing was saved. "
                "Look at it again with `/actions show <id>` and repeat your change."
            ) from exc
