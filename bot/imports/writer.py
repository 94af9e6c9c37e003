"""Write a checked import plan: create and update its actions, each change in their history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.actions.closure import confirm
from bot.boards.repository import BoardRepository
from bot.errors import Conflict
from bot.imports.plan import Decision, ImportPlan, ImportResult, PlannedRow, status_word
from bot.imports.repository import ImportRepository
from bot.leads.repository import LeadRepository
from bot.models.actions import Action, ActionLead, Status
from bot.models.boards import Board, Meeting
from bot.models.leads import Lead, name_key
from bot.timing import Deadline


def write_plan(session: Session, plan: ImportPlan, actor_id: str, now: datetime) -> ImportResult:
    """Carry out `plan`, which the caller has just made in this same transaction."""
    boards = BoardRepository(session)
    board = boards.get(plan.board_id) if plan.board_id is not None else None
    if board is None:
        board = boards.create(plan.board_name, now)
    meeting = boards.get_or_create_meeting(board, plan.meeting_date) if plan.meeting_date else None
    writer = _Writer(session, board, meeting, plan, actor_id, now)
    writer.targets = ImportRepository(session).actions(
        [row.action_id for row in plan.rows if row.decision is Decision.UPDATE and row.action_id]
    )
    result = ImportResult(
        plan.board_name, plan.source_ref, new_board=plan.new_board, skipped=len(plan.problems)
    )
    # Every lead first, while nothing else waits to be written: finding or creating one flushes.
    for row in plan.actions:
        for name in row.leads:
            writer.lead(name)
    created, updated = [], []
    for row in plan.rows:
        if row.decision is Decision.CREATE:
            created.append(writer.create(row))
        elif row.decision is Decision.UPDATE:
            updated.append(writer.update(row))
        elif row.decision is Decision.UNCHANGED:
            result.unchanged += 1
    writer.finish()
    result.created = [action.id for action in created]
    result.updated = [action.id for action in updated]
    result.new_leads = writer.new_leads
    return result


class _Writer:
    """Actions go through the ORM (its hooks keep reminder cursors current); their lead links
    and history rows, thousands for a whole action log, are inserted in batches by `finish`."""

    def __init__(
        self,
        session: Session,
        board: Board,
        meeting: Meeting | None,
        plan: ImportPlan,
        actor_id: str,
        now: datetime,
    ) -> None:
        self._session = session
        self._imports = ImportRepository(session)
        self._leads = LeadRepository(session)
        self._board, self._meeting, self._plan = board, meeting, plan
        self._actor, self._now = actor_id, now
        self.new_leads: list[str] = []
        # One lookup per lead name, not one per row: each lookup would flush the session.
        self._lead_cache: dict[str, Lead] = {}
        # (action, lead id, position) of new actions, and every history row, in the order made.
        self._links: list[tuple[Action, int, int]] = []
        self._events: list[tuple[Action, dict[str, object]]] = []
        # The actions the plan updates, read at once by `write_plan`.
        self.targets: dict[int, Action] = {}

    def create(self, row: PlannedRow) -> Action:
        """A new action; it, its leads and its "created" event are written by `finish`."""
        action = Action(
            # Ids, not the objects: both are written already, and the ORM would otherwise cascade
            # through them and copy their ids over at the flush, for every action.
            board_id=self._board.id,
            meeting_id=self._meeting.id if self._meeting else None,
            item_no=row.number,
            description=row.description,
            status=Status(row.status) if row.status else Status.OPEN,
            forum=row.forum,
            source_ref=self._plan.source_ref,
            created_by=self._actor,
            created_at=self._now,
            updated_at=self._now,
            # Given, not left to its defaults, so that every new action has the same columns
            # and the ORM inserts them in batches, not in runs broken at each "Completed" row.
            closure_pending=False,
        )
        action.agree_deadline(_deadline(row))
        if action.status is Status.DONE:
            # "Completed" in the board's own letter: the board closed it at that meeting.
            confirm(action, self._plan.meeting_date, self._actor, self._now)
        self._links += [(action, self.lead(name).id, i) for i, name in enumerate(row.leads)]
        self._record(action, "created", note=self._created_note(row))
        self._imports.add(action)
        return action

    def update(self, row: PlannedRow) -> Action:
        action = self.targets.get(row.action_id) if row.action_id is not None else None
        if action is None:
            raise Conflict(
                "An action this import would update was deleted meanwhile; nothing "
                "was imported. Preview the import again."
            )
        source = self._plan.source_ref
        note = f"re-imported from {source}" if source else "re-imported"
        for change in row.changes:
            if change.field == "description":
                action.description = row.description
            elif change.field == "due":
                action.set_deadline(_deadline(row))
            elif change.field == "status":
                action.status = Status(row.status) if row.status else action.status
                self._closure(action)
            elif change.field == "lead":
                action.lead_links = [
                    ActionLead(lead=self.lead(name), position=i) for i, name in enumerate(row.leads)
                ]
                self._session.flush()
            elif change.field == "forum":
                action.forum = row.forum
            elif change.field == "meeting":
                action.meeting = self._meeting
            self._record(
                action, change.field, old=change.old or None, new=change.new or None, note=note
            )
        action.updated_at = self._now
        return action

    def _closure(self, action: Action) -> None:
        """A letter that says completed records the board's closure; any other status undoes it."""
        if action.status is Status.DONE:
            confirm(action, self._plan.meeting_date, self._actor, self._now)
        else:
            action.closure_pending = False
            action.closure_confirmed_at = action.closure_confirmed_by = None
            action.closure_meeting_date = None

    def finish(self) -> None:
        """Write the actions in one flush, then their lead links and history in batches."""
        self._imports.flush()
        self._imports.add_links(
            [
                {"action_id": action.id, "lead_id": lead_id, "position": position}
                for action, lead_id, position in self._links
            ]
        )
        self._imports.add_events([{"action_id": action.id, **row} for action, row in self._events])

    def lead(self, name: str) -> Lead:
        key = name_key(name)
        if key not in self._lead_cache:
            lead, created = self._leads.get_or_create(name, self._now)
            if created:
                self.new_leads.append(lead.name)
            self._lead_cache[key] = lead
        return self._lead_cache[key]

    def _created_note(self, row: PlannedRow) -> str:
        source = f" from {self._plan.source_ref}" if self._plan.source_ref else ""
        if row.status == Status.DONE.value:
            return f"imported as completed{source}"
        if row.status and row.status != Status.OPEN.value:
            return f"imported as {status_word(row.status)}{source}"
        return f"imported{source}"

    def _record(
        self,
        action: Action,
        field: str,
        *,
        old: str | None = None,
        new: str | None = None,
        note: str | None = None,
    ) -> None:
        # The new action has no id until `finish` flushes it.
        event = {"at": self._now, "actor": self._actor, "field": field, "old": old, "new": new}
        self._events.append((action, {**event, "note": note}))


def _deadline(row: PlannedRow) -> Deadline:
    assert row.deadline is not None, "a planned action always has a parsed deadline"
    return row.deadline
