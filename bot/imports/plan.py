"""What an import would do, row by row, before anything is written."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from bot.access import Actor
from bot.imports.drafts import ParsedDocument
from bot.models.actions import Status
from bot.timing import Deadline

# The reasons given when nothing in a file can be read; the preview lists every problem.
UNREADABLE_SHOWN = 3


class Decision(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    PROBLEM = "problem"


@dataclass(frozen=True)
class ImportOptions:
    """What the user said about the import; each value given overrides what the letter says."""

    board: str
    meeting_date: date | None = None
    source_ref: str | None = None
    # Given to the rows that name no lead (recommendations usually name none).
    default_lead: str | None = None


@dataclass(frozen=True)
class FieldChange:
    """One field a re-import would change, in the words the history uses."""

    field: str  # description | due | status | lead | forum | meeting
    old: str
    new: str


@dataclass
class PlannedRow:
    line: int
    number: str | None
    description: str
    timing: str
    decision: Decision
    deadline: Deadline | None = None
    leads: tuple[str, ...] = ()
    # The status the action will have (or keeps); None on a problem row.
    status: str | None = None
    # Whether the source stated a status ("Completed", a Status column), not just implied "open".
    status_given: bool = False
    forum: str | None = None
    action_id: int | None = None
    changes: tuple[FieldChange, ...] = ()
    reason: str | None = None
    # Longer help for a problem, shown once however many rows share it (the timings understood).
    hint: str | None = None

    @property
    def due(self) -> date | None:
        return self.deadline.end if self.deadline else None


@dataclass
class ImportPlan:
    """Everything a preview shows; `apply` writes it only if planning again gives the same."""

    document: ParsedDocument
    options: ImportOptions
    board_name: str
    board_id: int | None
    source_ref: str | None
    meeting_date: date | None
    rows: list[PlannedRow] = field(default_factory=list)
    new_leads: list[str] = field(default_factory=list)
    leads_without_users: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    board_suggestion: str | None = None
    may_apply: bool = False
    refusal: str | None = None

    @property
    def new_board(self) -> bool:
        return self.board_id is None

    @property
    def letter_date(self) -> date | None:
        return self.document.letter_date

    @property
    def actions(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.decision is not Decision.PROBLEM]

    @property
    def problems(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.decision is Decision.PROBLEM]

    def count(self, decision: Decision) -> int:
        return sum(1 for row in self.rows if row.decision is decision)

    @property
    def has_changes(self) -> bool:
        return bool(self.count(Decision.CREATE) or self.count(Decision.UPDATE))

    @property
    def found_nothing(self) -> bool:
        return not self.rows

    def lead_notes(self, *, done: bool = False) -> list[str]:
        """Leads nobody will hear reminders for until someone maps them to Slack users."""
        notes = []
        if self.new_leads:
            verb = "were" if done else "will be"
            notes.append(
                f"New {plural_word(len(self.new_leads), 'lead')} "
                f"{_names(self.new_leads)} {verb} created with no Slack user yet."
            )
        if self.leads_without_users:
            names = _names(self.leads_without_users)
            have = "has" if len(self.leads_without_users) == 1 else "have"
            notes.append(f"{names} {have} no Slack user yet.")
        if notes:
            notes.append(
                "Reminders reach a lead only once it is mapped to people: "
                '`/actions lead "<lead name>" @someone`.'
            )
        return notes

    def summary(self) -> str:
        """'15 actions: 15 to create, 0 to update, 0 unchanged, 0 problems (14 open, 1 done)'."""
        statuses = Counter(row.status for row in self.actions)
        shown = [f"{statuses[s.value]} {status_word(s.value)}" for s in Status if statuses[s.value]]
        problems = self.count(Decision.PROBLEM)
        text = (
            f"{plural(len(self.rows), 'action')}: {self.count(Decision.CREATE)} to create, "
            f"{self.count(Decision.UPDATE)} to update, {self.count(Decision.UNCHANGED)} "
            f"unchanged, {plural(problems, 'problem')}"
        )
        return text + (f" ({', '.join(shown)})" if shown else "")

    def found(self) -> str:
        """'15 actions found (table): 15 readable, 0 problems', counted as summary() counts."""
        return (
            f"{plural(len(self.rows), 'action')} found ({self.document.kind}): "
            f"{len(self.actions)} readable, {plural(len(self.problems), 'problem')}"
        )

    def unreadable(self) -> str:
        """Why nothing here can be imported when every action found has a problem, and how to
        put it right."""
        problems = self.problems
        lines = [
            f"I found {plural(len(problems), 'action')} but could not read "
            f"{'it' if len(problems) == 1 else 'any of them'}, so there is nothing to import:"
        ]
        lines += [f"• line {row.line}: {row.reason}" for row in problems[:UNREADABLE_SHOWN]]
        if len(problems) > UNREADABLE_SHOWN:
            lines.append(f"…and {len(problems) - UNREADABLE_SHOWN} more.")
        lines += list(dict.fromkeys(row.hint for row in problems if row.hint))
        lines.append(f"Fix {'it' if len(problems) == 1 else 'them'} and import it again.")
        return "\n".join(lines)

    @property
    def digest(self) -> str:
        """A fingerprint of what would be written; it changes when the database changes it."""
        rows = [
            [
                row.line,
                row.number,
                row.decision.value,
                row.action_id,
                row.description,
                row.timing,
                list(row.leads),
                row.status,
                row.forum,
                [(c.field, c.old, c.new) for c in row.changes],
            ]
            for row in self.rows
        ]
        facts = [
            self.board_name,
            self.board_id,
            self.source_ref,
            str(self.meeting_date),
            sorted(self.new_leads),
            rows,
        ]
        return hashlib.sha256(json.dumps(facts, default=str).encode()).hexdigest()


@dataclass
class ImportResult:
    board_name: str
    source_ref: str | None
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: int = 0
    skipped: int = 0
    new_board: bool = False
    # Leads created by this import; none of them has a Slack user yet.
    new_leads: list[str] = field(default_factory=list)

    def summary(self) -> str:
        total = len(self.created) + len(self.updated) + self.unchanged
        text = (
            f"Imported {plural(total, 'action')} into {self.board_name}: "
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{self.unchanged} unchanged"
        )
        return text + (f", {self.skipped} skipped (not understood)." if self.skipped else ".")


def _names(leads: list[str]) -> str:
    # Quoted, since a lead's own name may hold "and" or a comma.
    return ", ".join(f'"{name}"' for name in leads)


def status_word(status: str) -> str:
    return status.replace("-", " ")


def plural(n: int, noun: str) -> str:
    return f"{n} {plural_word(n, noun)}"


def plural_word(n: int, noun: str) -> str:
    return noun if n == 1 else noun + "s"


def check_permission(plan: ImportPlan, actor: Actor) -> None:
    """Whether `actor` may write `plan`, and if not, why not."""
    if plan.board_id is not None:
        plan.may_apply = actor.manages(plan.board_id)
        if not plan.may_apply:
            plan.refusal = (
                f"Only a secretary of {plan.board_name} can import actions into it. "
                "Anyone can preview an import; ask one of its secretaries to "
                "import it."
            )
    else:
        plan.may_apply = actor.is_secretary
        if not plan.may_apply:
            plan.refusal = (
                f"Only a secretary of every board can create the new board "
                f'"{plan.board_name}". Choose an existing board, or ask one of '
                "the secretaries."
            )
