"""What a sweep did, as data for tests and as text for `actionbot remind` and the shell."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.reminders.digest import DigestItem


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
    now: datetime
    dry_run: bool = False
    sent: list[SentDigest] = field(default_factory=list)
    failed: list[FailedDigest] = field(default_factory=list)
    skipped: list[SkippedReminder] = field(default_factory=list)

    @property
    def nothing_happened(self) -> bool:
        return not (self.sent or self.failed or self.skipped)


def format_report(report: SweepReport) -> str:
    verb = "would send" if report.dry_run else "sent"
    lines = [f"Reminder sweep at {report.now.isoformat(timespec='minutes')}"
             + (" (dry run: nothing sent or recorded)" if report.dry_run else "")]
    for digest in report.sent:
        lines.append(f"  {verb} to {digest.recipient}: " + _items(digest.items))
    for failure in report.failed:
        then = "will retry" if failure.will_retry else "gave up"
        lines.append(f"  failed to {failure.recipient} ({failure.error}; {then}): "
                     + _items(failure.items))
    skipped: dict[tuple[str, str], dict[int, list[str]]] = {}
    for skip in report.skipped:
        rules = skipped.setdefault((skip.recipient, skip.reason), {})
        rules.setdefault(skip.action_id, []).append(skip.rule)
    for (recipient, reason), by_action in skipped.items():
        listed = "; ".join(f"#{action} {', '.join(rules)}" for action, rules in by_action.items())
        lines.append(f"  skipped for {recipient} ({reason}): {listed}")
    reminders = sum(len(d.items) for d in report.sent)
    lines.append(f"{verb.capitalize()} {len(report.sent)} digest(s) with {reminders} item(s); "
                 f"skipped {len(report.skipped)}; failed {len(report.failed)}.")
    return "\n".join(lines)


def _items(items: tuple[DigestItem, ...]) -> str:
    return "; ".join(f"#{item.action_id} {item.rule} ({item.when})" for item in items)
