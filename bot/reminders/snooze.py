"""Snoozes, pure: when a recipient's snooze holds the reminder due to them now, and until when."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.calendar import WorkingCalendar
from bot.reminders.rules import Occurrence, ReminderRules, RuleKind, escalation_occurrence
from bot.reminders.schedule import next_lead_moment

# What a snooze button offers, and how each is written back to the person who pressed it.
SNOOZE_CHOICES = {"day": "next working day", "week": "1 week", "meeting": "after the next meeting"}


def snooze_until(
    choice: str, today: date, calendar: WorkingCalendar, next_meeting: date | None
) -> date:
    """The day reminders resume: the next working day, a week on, or after the next meeting."""
    if choice == "week":
        return today + timedelta(days=7)
    start = next_meeting if choice == "meeting" and next_meeting is not None else today
    return calendar.next_working_day(start + timedelta(days=1))


def held_until(
    until: date | None,
    send: Occurrence | None,
    due: date,
    now: datetime,
    tz: str,
    rules: ReminderRules,
    calendar: WorkingCalendar,
) -> datetime | None:
    """The moment to look again when a snooze until `until` holds `send`; None when it does not.

    A snooze never holds the deadline's own reminder, and ends when the deadline escalates to
    the board's secretaries: from then on the lead hears again whatever they chose.
    """
    if until is None or send is None or send.kind is RuleKind.DUE:
        return None
    resume = datetime.combine(until, time(), ZoneInfo(tz)).astimezone(UTC)
    escalation = escalation_occurrence(due, tz=tz, rules=rules, calendar=calendar).moment
    if now >= resume or now >= escalation:
        return None
    after = next_lead_moment(due, after=now, tz=tz, rules=rules, calendar=calendar)
    return min(resume, escalation, after)
