"""Meeting dates: strict day parsing, and recurrence rules read and expanded by dateutil.rrule."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil.rrule import rrule, rrulestr

from bot.errors import InvalidInput
from bot.timing import Granularity, TimingError, format_date, parse_timing

MEETING_DATE_FORMS = "Write the meeting day like 20 October 2022, 20/10/2022 or 2022-10-20."
RECURRENCE_FORMS = (
    'Give the recurrence as every:"3 months" (weeks, months or years; also monthly, quarterly, '
    'yearly) or as an RRULE, e.g. every:"FREQ=MONTHLY;INTERVAL=3;BYDAY=4TH" for the 4th '
    "Thursday of every third month. every:none stops the recurrence."
)
_ALLOWED_FREQ = {"WEEKLY", "MONTHLY", "YEARLY"}
_MAX_INTERVAL = 60
_UNITS = {"week": "WEEKLY", "month": "MONTHLY", "year": "YEARLY"}
_NAMED = {
    "weekly": ("WEEKLY", 1), "fortnightly": ("WEEKLY", 2), "fortnight": ("WEEKLY", 2),
    "monthly": ("MONTHLY", 1), "quarterly": ("MONTHLY", 3), "quarter": ("MONTHLY", 3),
    "yearly": ("YEARLY", 1), "annually": ("YEARLY", 1),
}  # fmt: skip
_EVERY = re.compile(r"(?:every\s+)?(?:(\d{1,2})\s+)?(week|month|year)s?")
_NO_RULE = {"none", "never", "off", "no"}
# The furthest a rule has to look for its first date; a rule that finds none by then is broken.
_SEARCH_YEARS = 10
# Weekly meetings for about forty years: a rule that gives more started on a mistyped date.
MAX_RULE_MEETINGS = 2000


def parse_meeting_date(text: str) -> date:
    """A single calendar day, with its year; anything else is refused with the accepted forms."""
    raw = (text or "").strip()
    shown = raw if len(raw) <= 60 else raw[:59] + "…"
    try:
        deadline = parse_timing(raw, today=None)
    except TimingError as exc:
        # Keep the parser's first line: it says what was wrong ("February 2023 has no day 31").
        first = exc.user_message.splitlines()[0]
        if "I understand (" in first:
            raise InvalidInput(f"{first} {MEETING_DATE_FORMS}") from None
        deadline = None
    if deadline is None or deadline.granularity is not Granularity.DAY or deadline.end is None:
        raise InvalidInput(f"“{shown}” is not a meeting date. {MEETING_DATE_FORMS}")
    return deadline.end


@dataclass(frozen=True)
class Recurrence:
    """A board's meeting rule: an RRULE body and the first meeting it counts from."""

    rule: str
    start: date

    def dates(self, after: date, through: date) -> list[date]:
        """Meeting days in (after, through], the start day included when it is in range."""
        if through < self.start:
            return []
        found = _compile(self.rule, self.start).between(
            _midnight(after), _midnight(through), inc=True
        )
        days = {moment.date() for moment in found}
        # RFC 5545 leaves the start out when it does not match the rule; the secretary named
        # that day as a meeting, so it stays one.
        days.add(self.start)
        return sorted(day for day in days if after < day <= through)

    def dates_through(self, through: date) -> list[date]:
        """Every meeting day from the first to `through`; refused when that is absurdly many."""
        days = self.dates(self.start - timedelta(days=1), through)
        if len(days) > MAX_RULE_MEETINGS:
            raise InvalidInput(
                f"That rule gives {len(days):,} meetings from {format_date(self.start)} to "
                f"{format_date(through)}; a board's rule may give at most "
                f"{MAX_RULE_MEETINGS:,}. Start it from a later meeting, or repeat it less often."
            )
        return days

    def describe(self) -> str:
        return f"{describe_rule(self.rule)}, from {format_date(self.start)}"


def parse_recurrence(text: str, start: date) -> Recurrence | None:
    """every:"3 months", every:quarterly or every:"FREQ=...". None means "no recurrence"."""
    raw = " ".join((text or "").split())
    lowered = raw.lower()
    if lowered in _NO_RULE:
        return None
    if "freq=" in lowered:
        rule = _checked_rrule(raw.upper().removeprefix("RRULE:"))
    else:
        freq, interval = _simple(lowered)
        rule = _simple_rule(freq, interval, start)
    recurrence = Recurrence(rule, start)
    _check_finds_dates(recurrence)
    return recurrence


def describe_rule(rule: str) -> str:
    """'every 3 months' for the rules this module writes; the RRULE itself for others."""
    parts = _fields(rule)
    interval = int(parts.get("INTERVAL", "1"))
    unit = {"WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}.get(parts.get("FREQ", ""))
    simple = set(parts) <= {"FREQ", "INTERVAL", "BYMONTHDAY", "BYMONTH", "BYSETPOS"}
    if unit and simple and ("BYMONTHDAY" not in parts or parts.get("BYSETPOS") == "1"):
        return f"every {unit}" if interval == 1 else f"every {interval} {unit}s"
    return rule


def _simple(lowered: str) -> tuple[str, int]:
    if lowered in _NAMED:
        return _NAMED[lowered]
    match = _EVERY.fullmatch(lowered)
    if not match:
        raise InvalidInput(f"“{lowered}” is not a recurrence I understand. {RECURRENCE_FORMS}")
    interval = int(match.group(1) or 1)
    if not 1 <= interval <= _MAX_INTERVAL:
        raise InvalidInput(
            f"A recurrence repeats every 1 to {_MAX_INTERVAL} units. {RECURRENCE_FORMS}"
        )
    return _UNITS[match.group(2)], interval


def _simple_rule(freq: str, interval: int, start: date) -> str:
    rule = f"FREQ={freq};INTERVAL={interval}"
    if freq != "WEEKLY" and start.day > 28:
        # A plain monthly rule from the 31st skips months without one; this keeps each month
        # and takes its last day instead (BYSETPOS=1 picks the earlier of the 31st and the last).
        rule += f";BYMONTHDAY={start.day},-1;BYSETPOS=1"
        if freq == "YEARLY":
            rule += f";BYMONTH={start.month}"
    return rule


def _fields(rule: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for part in filter(None, rule.split(";")):
        key, sep, value = part.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise InvalidInput(f"“{part}” is not a NAME=VALUE part of an RRULE. {RECURRENCE_FORMS}")
        fields[key.strip()] = value.strip()
    return fields


def _checked_rrule(rule: str) -> str:
    rule = rule.replace(" ", "").strip(";")
    fields = _fields(rule)
    if "DTSTART" in fields:
        raise InvalidInput("Give only the RRULE; the meeting date you name is where it starts.")
    if fields.get("FREQ") not in _ALLOWED_FREQ:
        raise InvalidInput(
            "Meetings recur weekly, monthly or yearly: use FREQ=WEEKLY, "
            f"FREQ=MONTHLY or FREQ=YEARLY. {RECURRENCE_FORMS}"
        )
    interval = fields.get("INTERVAL", "1")
    if not interval.isdigit() or not 1 <= int(interval) <= _MAX_INTERVAL:
        raise InvalidInput(f"INTERVAL must be a whole number from 1 to {_MAX_INTERVAL}.")
    if "COUNT" in fields and "UNTIL" in fields:
        raise InvalidInput("An RRULE takes COUNT or UNTIL, not both.")
    _compile(rule, date(2000, 1, 1))
    return rule


def _compile(rule: str, start: date) -> rrule:
    try:
        with warnings.catch_warnings():
            # dateutil only warns about some malformed rules; here they are errors.
            warnings.simplefilter("error")
            compiled = rrulestr(rule, dtstart=_midnight(start))
    except (ValueError, TypeError, IndexError, KeyError, Warning) as exc:
        raise InvalidInput(f"That RRULE cannot be read ({exc}). {RECURRENCE_FORMS}") from None
    if not isinstance(compiled, rrule):  # a set of rules: RRULE, EXRULE, RDATE lines
        raise InvalidInput(f"Give one RRULE, without EXRULE or RDATE. {RECURRENCE_FORMS}")
    return compiled


def _check_finds_dates(recurrence: Recurrence) -> None:
    start = recurrence.start
    first = _compile(recurrence.rule, start).after(_midnight(start), inc=True)
    if first is None or first.date() > start + timedelta(days=366 * _SEARCH_YEARS):
        raise InvalidInput(
            f"That rule finds no meeting in the {_SEARCH_YEARS} years from "
            f"{format_date(start)}. {RECURRENCE_FORMS}"
        )


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time())
