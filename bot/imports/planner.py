"""Decide, row by row, what importing a parsed document into a board would do."""

from __future__ import annotations

import difflib
from datetime import date, timedelta
from functools import cached_property

from sqlalchemy.orm import Session

from bot.access import Actor
from bot.actions.checks import MAX_ITEM_NO, clean_text
from bot.actions.service import MAX_DESCRIPTION
from bot.boards.repository import BoardRepository
from bot.errors import InvalidInput
from bot.imports.drafts import DraftRow, ParsedDocument
from bot.imports.imported import ImportedAction, of_source
from bot.imports.lead_cells import LeadCells
from bot.imports.matching import IdMatcher, read_status, row_key, shown_due
from bot.imports.plan import (
    Decision,
    FieldChange,
    ImportOptions,
    ImportPlan,
    PlannedRow,
    check_permission,
    plural,
)
from bot.imports.repository import ImportRepository
from bot.leads.service import MAX_NAME
from bot.models.actions import Status
from bot.models.boards import Board
from bot.timing import Deadline, TimingError, format_date, parse_timing

MAX_BOARD_NAME = 200
MAX_SOURCE_REF = 100
MAX_TIMING = 200


def build_plan(
    session: Session,
    document: ParsedDocument,
    options: ImportOptions,
    actor: Actor,
    *,
    today: date,
    lock: bool = False,
) -> ImportPlan:
    """The plan for `document`; with `lock`, other imports into the board wait until commit."""
    board_name = clean_text(options.board, "board name", MAX_BOARD_NAME)
    if not board_name:
        raise InvalidInput(
            "Which board are these actions for? Give its name, e.g. "
            '"Performance and Risk Oversight Board".'
        )
    if lock:
        ImportRepository(session).lock_board(board_name)
    boards = BoardRepository(session)
    board = boards.by_name(board_name)
    clean_text(options.default_lead, "lead for rows that name none", MAX_NAME)
    source_ref = clean_text(options.source_ref, "source reference", MAX_SOURCE_REF) or None
    ids = IdMatcher(session, board, document.rows)
    # The bot's own export names the meeting it was made for, not where its actions came from.
    facts = document if not ids.in_use else ParsedDocument(document.kind)
    source_ref = source_ref or (facts.source_ref or "")[:MAX_SOURCE_REF] or None
    meeting_date = options.meeting_date or facts.meeting_date
    plan = ImportPlan(
        document,
        options,
        board.name if board else board_name,
        board.id if board else None,
        source_ref,
        meeting_date,
    )
    rows = _plan_rows(plan, _RowPlanner(session, board, plan, today, ids=ids))
    _add_notes(plan, rows, boards)
    plan.notes += rows.leads.notes()
    check_permission(plan, actor)
    return plan


def survey_document(session: Session, document: ParsedDocument, *, today: date) -> ImportPlan:
    """`document` read row by row as its preview will read it, before the board is chosen.

    Only a deadline at "the next board meeting" waits for the board: it is counted as read, with
    a note that the board chosen needs a meeting to come.
    """
    if IdMatcher(session, None, document.rows).in_use:
        # The bot's own export: its dates and references are the papers', not a letter's.
        document = ParsedDocument(document.kind, document.rows, document.problems)
    options = ImportOptions("")
    plan = ImportPlan(document, options, "", None, document.source_ref, document.meeting_date)
    rows = _plan_rows(plan, _RowPlanner(session, None, plan, today, board_chosen=False))
    if rows.awaiting_board:
        plan.notes.append(
            f"{plural(rows.awaiting_board, 'action')} {'is' if rows.awaiting_board == 1 else 'are'}"
            " due at the next board meeting: the board you choose needs its next meeting date "
            "(`/actions meeting`), or the preview will list them as problems."
        )
    return plan


def _plan_rows(plan: ImportPlan, rows: _RowPlanner) -> _RowPlanner:
    document = plan.document
    plan.rows = [rows.plan_row(draft) for draft in document.rows]
    plan.rows += [
        PlannedRow(p.line, None, p.text, "", Decision.PROBLEM, reason=p.reason)
        for p in document.problems
    ]
    plan.new_leads, plan.leads_without_users = rows.leads.new(), rows.leads.without_users()
    return rows


class _RowPlanner:
    def __init__(
        self,
        session: Session,
        board: Board | None,
        plan: ImportPlan,
        today: date,
        *,
        board_chosen: bool = True,
        ids: IdMatcher | None = None,
    ) -> None:
        self.session, self.board, self.plan, self.today = session, board, plan, today
        # Before a board is chosen an Id cannot be checked: its row is read like any other.
        self.board_chosen, self.ids = board_chosen, ids or IdMatcher.unused()
        # Rows due at "the next board meeting", read before the board (and its dates) is known.
        self.awaiting_board = 0
        cells = [draft.lead for draft in plan.document.rows] + [plan.options.default_lead or ""]
        self.leads = LeadCells(session, cells)
        self.seen: dict[str, int] = {}
        self.existing: dict[str, ImportedAction] = {}
        if board is not None:
            for action in of_source(session, board.id, plan.source_ref, plan.meeting_date):
                self.existing.setdefault(row_key(action.item_no, action.description), action)

    @property
    def reference_day(self) -> date:
        """The day a timing without a year is read from: the letter's, not the import's."""
        return self.plan.document.letter_date or self.plan.meeting_date or self.today

    @cached_property
    def next_meeting(self) -> date | None:
        """The board's meeting after the letter's, looked up once for all the "next board" rows."""
        if self.board is None:
            return None
        after = self.plan.meeting_date + timedelta(days=1) if self.plan.meeting_date else self.today
        boards = BoardRepository(self.session)
        boards.extend_rule(self.board, after)
        meeting = boards.next_meeting(self.board, after)
        return meeting.date if meeting else None

    def plan_row(self, draft: DraftRow) -> PlannedRow:
        description = " ".join(draft.description.split())
        row = PlannedRow(
            draft.line, draft.number, description, draft.timing, Decision.CREATE, forum=draft.forum
        )
        by_id, mismatch = self.ids.match(draft, description)
        copy = self.ids.key(draft) is not None
        action = by_id if copy else self.existing.get(row_key(row.number, description))
        reason = self._fill(row, draft) or mismatch
        if reason:
            # Still tied to the action it would update, which is left as it is.
            row.decision, row.reason, row.status = Decision.PROBLEM, reason, None
            row.action_id = action.id if action is not None else None
        elif action is not None:
            self._compare(row, action, copy=copy)
        return row

    def _fill(self, row: PlannedRow, draft: DraftRow) -> str | None:
        """Parse the row's timing, status and leads into `row`; the reason if it cannot be read."""
        if len(row.description) > MAX_DESCRIPTION:
            return (
                f"The action text is {len(row.description)} characters; the most is "
                f"{MAX_DESCRIPTION}. Shorten it in the file."
            )
        if row.number and len(row.number) > MAX_ITEM_NO:
            return f"The item number is longer than {MAX_ITEM_NO} characters."
        key = self.ids.key(draft) or row_key(row.number, row.description)
        if key in self.seen:
            what = f"Item {row.number}" if row.number else "This action"
            return (
                f"{what} appears twice in this file (lines {self.seen[key]} and {row.line}); "
                "give each action its own number."
            )
        self.seen[key] = row.line
        if len(row.timing) > MAX_TIMING:
            return f"The timing is longer than {MAX_TIMING} characters."
        try:
            row.deadline = self._deadline(row.timing)
        except TimingError as error:
            reason, _, hint = error.user_message.partition("\n\n")
            row.hint = hint or None
            return reason
        status = read_status(draft.status)
        if status is None:
            return (
                f"“{draft.status}” is not a status I know. Use open, in progress, blocked, "
                "done or dropped."
            )
        row.status_given = row.deadline.completed or bool(draft.status and draft.status.strip())
        row.status = Status.DONE.value if row.deadline.completed else status.value
        names = self.leads.read(draft.lead) or self.leads.read(self.plan.options.default_lead or "")
        if any(len(name) > MAX_NAME for name in names):
            return f"A lead name is longer than {MAX_NAME} characters."
        row.leads = tuple(dict.fromkeys(self.leads.resolve(name)[0] for name in names))
        return None

    def _deadline(self, timing: str) -> Deadline:
        day = self.reference_day
        if not self.board_chosen and "next" in timing.lower():
            try:
                return parse_timing(timing, today=day)
            except TimingError:
                # The letter's day stands in for the meeting date the chosen board will give.
                deadline = parse_timing(timing, today=day, next_meeting=day)
                self.awaiting_board += 1
                return deadline
        next_meeting = self.next_meeting if "next" in timing.lower() else None
        return parse_timing(timing, today=day, next_meeting=next_meeting)

    def _compare(self, row: PlannedRow, action: ImportedAction, *, copy: bool) -> None:
        """What re-importing `row` would change; a `copy` is a row of the bot's own export."""
        changes = []
        if action.description != row.description:
            changes.append(FieldChange("description", action.description, row.description))
        deadline = row.deadline
        assert deadline is not None
        # The export writes the timing as stored, or the due date when none was written; the
        # same words keep the deadline read when they were first given.
        kept = copy and row.timing in (action.timing_raw, shown_due(action))
        if not kept and not action.has_deadline(deadline):
            changes.append(FieldChange("due", action.timing_raw, deadline.raw))
        if not row.status_given:
            row.status = action.status
        elif action.status != row.status:
            changes.append(FieldChange("status", action.status, row.status or ""))
        new_ids = [self.leads.resolve(name)[1] for name in row.leads]
        if None in new_ids or tuple(new_ids) != action.lead_ids:
            changes.append(FieldChange("lead", action.lead_names, " and ".join(row.leads)))
        # The export has no forum column: a copy changes the forum only with the action's text.
        retold = action.description != row.description
        if (action.forum or None) != (row.forum or None) and (retold or not copy):
            changes.append(FieldChange("forum", action.forum or "", row.forum or ""))
        day = self.plan.meeting_date
        if day is not None and action.meeting_date != day:
            old = format_date(action.meeting_date) if action.meeting_date else ""
            changes.append(FieldChange("meeting", old, format_date(day)))
        row.action_id, row.changes = action.id, tuple(changes)
        row.decision = Decision.UPDATE if changes else Decision.UNCHANGED


def _add_notes(plan: ImportPlan, rows: _RowPlanner, boards: BoardRepository) -> None:
    if plan.new_board:
        names = [board.name for board in boards.all()]
        guess = difflib.get_close_matches(plan.board_name, names, n=1, cutoff=0.8)
        plan.board_suggestion = guess[0] if guess else None
        hint = f' Did you mean "{guess[0]}"?' if guess else ""
        known = f" Boards: {', '.join(names)}." if names else ""
        plan.notes.append(
            f'There is no board called "{plan.board_name}" yet: importing creates it.{hint}{known}'
        )
    if rows.ids.ignored:
        plan.notes.append(
            f"The Id column does not hold the ids of {plan.board_name}'s actions, so rows are "
            "matched by their number and text."
        )
    copies = rows.ids.in_use and all(row.action_id is not None for row in plan.actions)
    if not plan.source_ref and not plan.meeting_date and not copies:
        plan.notes.append(
            "There is no source reference or meeting date, so importing this "
            "again would add the actions again. Give a source reference (the "
            "letter's “Our ref”)."
        )
    leaderless = sum(1 for row in plan.actions if not row.leads)
    if leaderless:
        plan.notes.append(
            f"{plural(leaderless, 'action')} name no lead, so nobody will be "
            "reminded: give a lead for the rows that name none, or set one later "
            "with `/actions update <id> lead:<name>`."
        )
    matched = {row.action_id for row in plan.rows if row.action_id is not None}
    missing = [a for a in rows.existing.values() if a.id not in matched]
    if missing:
        items = ", ".join(a.item_no or f"#{a.id}" for a in missing[:10])
        plan.notes.append(
            f"{plural(len(missing), 'action')} imported earlier from this source "
            f"{'is' if len(missing) == 1 else 'are'} not in this file ({items}); "
            "they are left as they are."
        )
