"""What reminders produce: each recipient's digest and a sweep's report, as data and as text."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.actions.deadlines import DeadlineMove, move_headline, move_sentence
from bot.reminders.escalation import EscalationFacts
from bot.reminders.rules import days_until
from bot.reminders.views import ActionView
from bot.timing import format_date
from bot.wording import days_phrase, moved_text, status_label

# Starts the rule key of a notice that a lead could not be reached: "unreachable-U123".
UNREACHABLE_PREFIX = "unreachable-"


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
    kind: str = "reminder"  # reminder | escalation | unreachable | nudge | move
    rule: str = ""  # the delivery's rule key: "before-7", "due", "overdue-14" ...
    # For an unreachable lead: who could not be reached, and why.
    subject: str | None = None
    reason: str | None = None
    version: int = 0
    status: str = "open"
    note: str | None = None  # the latest note, and the day it was written
    note_on: date | None = None
    # For an escalation: who was reminded and when, and the latest update.
    facts: EscalationFacts | None = None
    # The timing the board agreed, when the deadline has moved from it ("" for none).
    agreed: str | None = None

    @property
    def progress(self) -> str:
        """'In progress: draft with legal, 12 September 2022', or the status alone."""
        label = status_label(self.status)
        if not self.note:
            return label
        on = f", {format_date(self.note_on)}" if self.note_on else ""
        return f"{label}: {self.note}{on}"

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
        """'due in 7 days', 'due today' or 'overdue by 3 days', then the date and written timing,
        and 'agreed August 2022, now November 2022' when the deadline moved."""
        moved = "" if self.agreed is None else moved_text(self.agreed, self.timing)
        return self._due_text + moved

    @property
    def _due_text(self) -> str:
        if self.due is None:
            return f"no deadline ({self.timing})" if self.timing else "no deadline"
        if self.days_left > 0:
            lead = f"due in {days_phrase(self.days_left)}"
        elif self.days_left == 0:
            lead = "due today"
        else:
            lead = f"overdue by {days_phrase(-self.days_left)}"
        written = (
            f" ({self.timing})" if self.timing and self.timing != format_date(self.due) else ""
        )
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
    # A notice that an action's deadline moved, or is proposed to move; its one item is the action.
    move: DeadlineMove | None = None

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
        if self.move is not None:
            return move_headline(self.move)
        counts = ", ".join(f"{len(items)} {_COUNTED[group]}" for group, items in self.groups)
        return f"Action reminders: {counts}"


def build_item(
    delivery_id: int,
    action: ActionView,
    *,
    kind: str,
    rule: str,
    reason: str | None,
    tz: str,
    now: datetime,
) -> DigestItem:
    """The item a recipient in `tz` reads at `now` about `action`, for one delivery."""
    due = action.deadline_end
    return DigestItem(
        delivery_id=delivery_id,
        action_id=action.id,
        description=action.description,
        due=due,
        days_left=days_until(due, now, tz) if due is not None else 0,
        timing=action.timing_raw,
        leads=action.lead_names,
        board=action.board.name if action.board is not None else None,
        item_no=action.item_no,
        kind=kind,
        rule=rule,
        subject=_subject(action, rule) if rule.startswith(UNREACHABLE_PREFIX) else None,
        reason=reason,
        version=action.version,
        status=str(action.status),
        note=action.note,
        note_on=action.note_at.astimezone(ZoneInfo(tz)).date() if action.note_at else None,
        agreed=action.moved_from,
    )


def digest_text(digest: Digest) -> str:
    """The digest as plain text, for the terminal and for logs."""
    lines = [digest.summary]
    if digest.move is not None:
        return "\n".join(
            [move_sentence(digest.move, lambda user: "@" + user), *_item_lines(digest.items[0])]
        )
    if digest.nudged_by is not None:
        lines[0] = f"@{digest.nudged_by} asks for an update on this action."
        if digest.note:
            lines.append(f"  “{digest.note}”")
    for group, items in [] if digest.nudged_by else digest.groups:
        lines.append(f"{group.value}:")
        for item in items:
            lines.extend(_item_lines(item))
    if digest.nudged_by is not None:
        lines.extend(_item_lines(digest.items[0]))
    return "\n".join(lines)


def _item_lines(item: DigestItem) -> list[str]:
    head = f"  #{item.action_id} {item.description}"
    lines = [head, f"    {item.when} · lead: {item.leads} · {item.progress}"]
    if item.origin:
        lines[-1] += f" · {item.origin}"
    if item.kind == "unreachable":
        lines.append(f"    could not reach {item.subject}: {item.reason}")
    lines.append(f"    update: {item.hint} …")
    return lines


@dataclass(frozen=True)
class SentDigest:
    recipient: str
    items: tuple[DigestItem, ...]
    messages: int = 1


@dataclass(frozen=True)
class FailedDigest:
    recipient: str
    items: tuple[DigestItem, ...]
    error: str
    will_retry: bool


@dataclass(frozen=True)
class SkippedReminder:
    action_id: int
    recipient: str
    rule: str
    reason: str


@dataclass
class SweepReport:
    """What one sweep did (or, in a dry run, would do), for tests, the cli and the shell."""

    now: datetime
    dry_run: bool = False
    sent: list[SentDigest] = field(default_factory=list)
    failed: list[FailedDigest] = field(default_factory=list)
    skipped: list[SkippedReminder] = field(default_factory=list)
    released: int = 0  # claimed, then given back unsent as the process was stopping

    @property
    def nothing_happened(self) -> bool:
        return not (self.sent or self.failed or self.skipped or self.released)


def format_report(report: SweepReport) -> str:
    """The report as text for `actionbot remind` and the shell's `:sweep`."""
    verb = "would send" if report.dry_run else "sent"
    lines = [
        f"Reminder sweep at {report.now.isoformat(timespec='minutes')}"
        + (" (dry run: nothing sent or recorded)" if report.dry_run else "")
    ]
    for digest in report.sent:
        lines.append(f"  {verb} to {digest.recipient}: " + _report_items(digest.items))
    for failure in report.failed:
        then = "will retry" if failure.will_retry else "gave up"
        lines.append(
            f"  failed to {failure.recipient} ({failure.error}; {then}): "
            + _report_items(failure.items)
        )
    skipped: dict[tuple[str, str], dict[int, list[str]]] = {}
    for skip in report.skipped:
        rules = skipped.setdefault((skip.recipient, skip.reason), {})
        rules.setdefault(skip.action_id, []).append(skip.rule)
    for (recipient, reason), by_action in skipped.items():
        listed = "; ".join(f"#{action} {', '.join(rules)}" for action, rules in by_action.items())
        lines.append(f"  skipped for {recipient} ({reason}): {listed}")
    reminders = sum(len(d.items) for d in report.sent)
    lines.append(
        f"{verb.capitalize()} {len(report.sent)} digest(s) with {reminders} item(s); "
        f"skipped {len(report.skipped)}; failed {len(report.failed)}."
    )
    if report.released:
        lines.append(f"Stopped early: {report.released} item(s) left for the next sweep.")
    return "\n".join(lines)


def _report_items(items: tuple[DigestItem, ...]) -> str:
    return "; ".join(f"#{item.action_id} {item.rule} ({item.when})" for item in items)


def _subject(action: ActionView, rule: str) -> str:
    """'lead MOPAC' for a lead with nobody mapped, or the Slack user id that failed."""
    who = rule.removeprefix(UNREACHABLE_PREFIX)
    if who.startswith("lead-"):
        for lead in action.leads:
            if f"lead-{lead.id}" == who:
                return f"lead {lead.name}"
        return "a lead no longer on this action"
    return who
