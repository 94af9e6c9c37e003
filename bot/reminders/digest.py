"""A digest: everything one recipient hears from one sweep, grouped, as plain data and as text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.wording import days_phrase
from bot.timing import format_date


class Group(StrEnum):
    """The headings of a digest, in the order they are shown."""

    OVERDUE = "Overdue"
    TODAY = "Due today"
    UPCOMING = "Coming up"
    ESCALATED = "Long overdue (for the board secretary)"
    UNREACHABLE = "Leads who could not be reached"


_COUNTED = {
    Group.OVERDUE: "overdue",
    Group.TODAY: "due today",
    Group.UPCOMING: "coming up",
    Group.ESCALATED: "long overdue",
    Group.UNREACHABLE: "whose lead could not be reached",
}


@dataclass(frozen=True)
class DigestItem:
    """One action in a digest, with the words needed to show it; no database objects."""

    delivery_id: int
    action_id: int
    description: str
    due: date | None
    days_left: int  # negative when overdue, in the recipient's own calendar; 0 without a due date
    timing: str  # as the board wrote it: "August 2022"
    leads: str
    board: str | None = None
    item_no: str | None = None
    kind: str = "reminder"  # reminder | escalation | unreachable | nudge
    rule: str = ""  # the delivery's rule key: "before-7", "due", "overdue-14" ...
    # For an unreachable lead: who could not be reached, and why.
    subject: str | None = None
    reason: str | None = None

    @property
    def group(self) -> Group:
        if self.kind == "escalation":
            return Group.ESCALATED
        if self.kind == "unreachable":
            return Group.UNREACHABLE
        if self.days_left < 0:
            return Group.OVERDUE
        return Group.TODAY if self.days_left == 0 else Group.UPCOMING

    @property
    def when(self) -> str:
        """'due in 7 days', 'due today', 'overdue by 3 days', then the date and the written timing."""
        if self.due is None:
            return f"no deadline ({self.timing})" if self.timing else "no deadline"
        if self.days_left > 0:
            lead = f"due in {days_phrase(self.days_left)}"
        elif self.days_left == 0:
            lead = "due today"
        else:
            lead = f"overdue by {days_phrase(-self.days_left)}"
        written = f" ({self.timing})" if self.timing and self.timing != format_date(self.due) else ""
        return f"{lead} · {format_date(self.due)}{written}"

    @property
    def origin(self) -> str:
        parts = [p for p in (self.board, f"item {self.item_no}" if self.item_no else None) if p]
        return ", ".join(parts)

    @property
    def hint(self) -> str:
        return f"/actions update {self.action_id}"


@dataclass(frozen=True)
class Digest:
    """What one recipient (a user, or a channel) gets from one sweep, or one nudge."""

    recipient: str
    today: date
    items: tuple[DigestItem, ...]
    # A nudge: a secretary asking a lead about an action now, perhaps with a note.
    nudged_by: str | None = None
    note: str | None = None
    # Some items were tried before and may have landed (a crash, a 5xx, a dropped connection):
    # look for them in the conversation before posting them again.
    recheck: bool = False

    @property
    def groups(self) -> list[tuple[Group, list[DigestItem]]]:
        found: dict[Group, list[DigestItem]] = {}
        for item in sorted(self.items, key=lambda i: (i.days_left, i.action_id)):
            found.setdefault(item.group, []).append(item)
        return [(group, found[group]) for group in Group if group in found]

    @property
    def summary(self) -> str:
        """One line for notifications: '2 overdue, 5 coming up'."""
        if self.nudged_by is not None:
            return f"A reminder about action #{self.items[0].action_id}"
        counts = ", ".join(f"{len(items)} {_COUNTED[group]}" for group, items in self.groups)
        return f"Action reminders: {counts}"


def digest_text(digest: Digest) -> str:
    """The digest as plain text, for the terminal and for logs."""
    lines = [digest.summary]
    if digest.nudged_by is not None:
        lines[0] = f"@{digest.nudged_by} asks for an update on this action."
        if digest.note:
            lines.append(f"  “{digest.note}”")
    for group, items in ([] if digest.nudged_by else digest.groups):
        lines.append(f"{group.value}:")
        for item in items:
            lines.extend(_item_lines(item))
    if digest.nudged_by is not None:
        lines.extend(_item_lines(digest.items[0]))
    return "\n".join(lines)


def _item_lines(item: DigestItem) -> list[str]:
    head = f"  #{item.action_id} {item.description}"
    lines = [head, f"    {item.when} · lead: {item.leads}"]
    if item.origin:
        lines[-1] += f" · {item.origin}"
    if item.kind == "unreachable":
        lines.append(f"    could not reach {item.subject}: {item.reason}")
    lines.append(f"    update: {item.hint} …")
    return lines
