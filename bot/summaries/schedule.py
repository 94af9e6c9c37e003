"""When a scheduled summary or update request is due: working days before a meeting (pure)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Protocol

# Scheduled posts wait for the working day to start rather than arriving at midnight.
SEND_FROM = time(9, 0)


class Calendar(Protocol):
    def is_working_day(self, d: date) -> bool: ...


def working_days_before(calendar: Calendar, day: date, count: int) -> date:
    """The working day `count` working days before `day` (weekends and holidays skipped)."""
    moment = day
    counted = 0
    while counted < count:
        moment -= timedelta(days=1)
        if calendar.is_working_day(moment):
            counted += 1
    return moment


def is_due(
    now_local: datetime,
    meeting: date,
    days_before: int,
    calendar: Calendar,
    *,
    on_meeting_day: bool,
) -> bool:
    """Whether a post `days_before` working days ahead of `meeting` should go out by now.

    Late starts still send, up to the meeting (inclusive when `on_meeting_day`): a scheduler
    that was down on the day catches up rather than skipping the meeting.
    """
    if days_before <= 0:
        return False
    today = now_local.date()
    if today > meeting or (today == meeting and not on_meeting_day):
        return False
    opens = working_days_before(calendar, meeting, days_before)
    return today > opens or (today == opens and now_local.time() >= SEND_FROM)


def look_ahead(days_before: int) -> timedelta:
    """A span of calendar days sure to contain `days_before` working days, holidays included."""
    return timedelta(days=days_before * 2 + 14)
