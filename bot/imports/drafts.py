"""What an import produces before anything is saved: draft rows, problems and the letter's facts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.errors import InvalidInput

ACCEPTED_FORMATS = (
    "I can import a Word document (.docx), a CSV file whose first row names the columns "
    "(for example No., Action, Timing, Lead), or text containing a tab- or |-separated table "
    'with those headings, or paragraphs that start "Recommendation:".'
)


class ImportFileError(InvalidInput):
    """The uploaded file cannot be read at all; nothing was imported."""

    def __init__(self, problem: str) -> None:
        super().__init__(f"{problem} {ACCEPTED_FORMATS}")
        self.problem = problem


@dataclass
class DraftRow:
    """One action as read from the source, before it is matched to leads or saved."""

    line: int
    number: str | None
    description: str
    timing: str
    # The Lead cell as written; "MPS and MOPAC" is split into leads when planned, against the
    # leads already known.
    lead: str = ""
    status: str | None = None
    forum: str | None = None
    # The bot's id of the action this row is a copy of (a re-imported summary export).
    action_id: int | None = None


@dataclass
class RowProblem:
    """A piece of the source that looked like an action but could not be read."""

    line: int
    text: str
    reason: str


@dataclass
class ParsedDocument:
    """Everything found in one pasted text or uploaded file."""

    kind: str
    rows: list[DraftRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    source_ref: str | None = None
    letter_date: date | None = None
    meeting_date: date | None = None

    def summary(self) -> str:
        """Why nothing was found, for a document with no rows: the rows found are counted once,
        by the import plan (ImportPlan.found and ImportPlan.summary)."""
        if self.kind == "none":
            return (
                "No actions found: there is no table with an Action column "
                'and no paragraph starting "Recommendation".'
            )
        return "No actions found: the table has column headings but no rows."
