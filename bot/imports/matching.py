"""Which existing action a row of a file is a copy of: by the bot's id (its own summary exports
carry one), else by item number and text; and the status words a row may use."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy.orm import Session

from bot.imports.drafts import DraftRow
from bot.imports.imported import ImportedAction, by_id
from bot.models.actions import ActionFields, Status
from bot.models.boards import Board
from bot.timing import format_date

_STATUS_WORDS = {
    Status.OPEN: ("open", "not started", "to do", "todo", "new", "outstanding"),
    Status.IN_PROGRESS: ("in progress", "inprogress", "started", "ongoing", "underway", "on track"),
    Status.BLOCKED: ("blocked", "on hold", "stalled"),
    Status.DONE: ("done", "complete", "completed", "closed", "achieved", "finished"),
    Status.DROPPED: ("dropped", "cancelled", "canceled", "withdrawn", "superseded"),
}
STATUS_NAMES = {word: status for status, words in _STATUS_WORDS.items() for word in words}
# The summary's Status cell adds detail after the status: "Open, 12 days overdue (agreed 24 June
# 2022)", "Done on 3 October 2022", "Done — proposed for closure".
_STATUS_DETAIL = re.compile(r"\s*(?:[,(—–]|\bon\s+\d).*$", re.IGNORECASE)


def read_status(cell: str | None) -> Status | None:
    """Status.OPEN for an empty cell; None for words that are not a status."""
    words = " ".join((cell or "").replace("-", " ").replace("_", " ").lower().split())
    if not words:
        return Status.OPEN
    found = STATUS_NAMES.get(words.rstrip("."))
    return found or STATUS_NAMES.get(_STATUS_DETAIL.sub("", words).rstrip("."))


def row_key(number: str | None, description: str) -> str:
    # Item numbers identify a row of a letter; a table without numbers falls back on the text.
    return "no:" + number.casefold() if number else "text:" + description.casefold()


class IdMatcher:
    """Rows matched on the bot's id, when the file's Id column holds the bot's ids.

    A spreadsheet may have an "ID" column of its own numbering: the column is taken as the
    bot's only when some row's id names an action with that row's text.
    """

    def __init__(self, session: Session, board: Board | None, rows: Sequence[DraftRow]) -> None:
        self.board = board
        ids = sorted({row.action_id for row in rows if row.action_id is not None})
        self.found = by_id(session, ids)
        self.in_use = any(
            (action := self.found.get(row.action_id)) is not None
            and _same_text(action.description, row.description)
            for row in rows
            if row.action_id is not None
        )
        self.ignored = bool(ids) and not self.in_use

    @classmethod
    def unused(cls) -> IdMatcher:
        """A matcher that matches nothing: every row is read by its number and text."""
        matcher = cls.__new__(cls)
        matcher.board, matcher.found, matcher.in_use, matcher.ignored = None, {}, False, False
        return matcher

    def key(self, draft: DraftRow) -> str | None:
        """The row's identity for spotting a row given twice, when it is matched by id."""
        return f"id:{draft.action_id}" if self.in_use and draft.action_id is not None else None

    def match(self, draft: DraftRow, description: str) -> tuple[ImportedAction | None, str | None]:
        """(the action, None), (None, why the id cannot be used), or (None, None) for no id."""
        if not self.in_use or draft.action_id is None:
            return None, None
        action = self.found.get(draft.action_id)
        where = self.board.name if self.board is not None else "this new board"
        fix = "correct the Id, or clear it to add the row as a new action"
        if action is None:
            return None, f"There is no action #{draft.action_id}: {fix}."
        if self.board is None or action.board_id != self.board.id:
            owner = action.board_name or "no board"
            return None, (
                f"Action #{action.id} belongs to {owner}, not {where}: import this file into "
                f"{owner}, or {fix}."
            )
        same_number = (action.item_no or "").casefold() == (draft.number or "").casefold()
        if not (same_number or _same_text(action.description, description)):
            shown = f"No. {action.item_no}" if action.item_no else "no number"
            return None, (
                f"Action #{action.id} is {shown} with other text, so this row is not a copy of "
                f"it: {fix}."
            )
        return action, None


def shown_due(action: ActionFields) -> str | None:
    """The Timing cell the summary export writes for an action stored with a date but no words."""
    if action.timing_raw or action.deadline_end is None:
        return None
    return format_date(action.deadline_end)


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()
