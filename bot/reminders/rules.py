"""Which deadline reminder is due when: pure rules over dates, time zones and working days."""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import cached_property, lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.calendar import WorkingCalendar
from bot.errors import InvalidInput

# Without a calendar, the room left for a "before" reminder pulled back over a holiday run; the
# longest English run (Christmas falling on a weekend) is four days.
_HOLIDAY_MARGIN_DAYS = 7


@dataclass(frozen=True)
class ReminderRules:
    """When leads and secretaries hear about a deadline; `days_before` is kept largest first."""

    days_before: tuple[int, ...] = (14, 7, 1)
    overdue_repeat_days: int = 7
    escalate_after_days: int = 14
    send_time: time = time(9, 0)

    def __post_init__(self) -> None:
        befores = tuple(sorted(set(self.days_before), reverse=True))
        if any(days < 1 for days in befores):
            raise InvalidInput(
                "Reminders before a deadline need whole numbers of days of at least 1, "
                "such as 14, 7, 1 (the due-date reminder is always sent)."
            )
        if self.overdue_repeat_days < 1:
            raise InvalidInput("Overdue reminders must repeat every 1 day or more, such as 7.")
        if self.escalate_after_days < 1:
            raise InvalidInput(
                "Escalation to the secretary needs 1 or more days overdue, such as 14."
            )
        if self.send_time.tzinfo is not None:
            raise InvalidInput("The send time is local to each recipient: give it without a zone.")
        # Frozen, but normalising here lets settings give the days in any order, or as a list.
        object.__setattr__(self, "days_before", befores)


class RuleKind(StrEnum):
    """The rule an occurrence comes from; its value starts the occurrence's key."""

    BEFORE = "before"
    DUE = "due"
    OVERDUE = "overdue"
    ESCALATE = "escalate"


@dataclass(frozen=True)
class Occurrence:
    """One reminder of one deadline, at its send moment after working-day adjustment."""

    kind: RuleKind
    offset_days: int  # relative to the due date: -14, 0, +7 ...
    moment: datetime  # aware, UTC

    @cached_property  # occurrences are cached and shared: each key is made once
    def key(self) -> str:
        """Unique within one deadline and stable across sweeps: "before-14", "due", "overdue-7"."""
        if self.kind is RuleKind.DUE:
            return "due"
        return f"{self.kind}-{abs(self.offset_days)}"


@dataclass(frozen=True)
class Decision:
    """What one sweep should do for one (action, recipient, deadline)."""

    send: Occurrence | None
    skip: tuple[Occurrence, ...] = ()


def lead_occurrences(
    due: date, *, until: datetime, tz: str, rules: ReminderRules, calendar: WorkingCalendar
) -> list[Occurrence]:
    """Every before, due and overdue reminder for a lead whose moment is at or before `until`.

    In moment order. Overdue repeats are generated only up to `until`, so a deadline years past
    costs one occurrence per repeat period, not an unbounded schedule.
    """
    _require_aware("until", until)
    zone = _zone(tz)
    # Moments never decrease with the offset: "before" days only move back towards an earlier
    # working day and the others only forward, so the first one after `until` ends the list.
    fixed = [(RuleKind.BEFORE, -days) for days in rules.days_before] + [(RuleKind.DUE, 0)]
    come: list[Occurrence] = []
    for kind, offset in fixed:
        occurrence = _occurrence(kind, offset, due, zone, rules, calendar)
        if occurrence.moment > until:
            return come
        come.append(occurrence)
    offset = rules.overdue_repeat_days
    while True:
        overdue = _occurrence(RuleKind.OVERDUE, offset, due, zone, rules, calendar)
        if overdue.moment > until:
            return come
        come.append(overdue)
        offset += rules.overdue_repeat_days


def escalation_occurrence(
    due: date, *, tz: str, rules: ReminderRules, calendar: WorkingCalendar
) -> Occurrence:
    """The one message telling the board secretary that a deadline is long overdue."""
    return _occurrence(
        RuleKind.ESCALATE, rules.escalate_after_days, due, _zone(tz), rules, calendar
    )


@lru_cache(maxsize=1024)  # asked for every recipient; the same for all in one zone
def may_send_at(now: datetime, *, tz: str, rules: ReminderRules, calendar: WorkingCalendar) -> bool:
    """True when `now`, in the recipient's zone, is a working day at or after the send time."""
    _require_aware("now", now)
    zone = _zone(tz)
    today = now.astimezone(zone).date()
    return calendar.is_working_day(today) and now >= _send_moment(today, zone, rules)


def decide(
    due: date,
    *,
    now: datetime,
    tz: str,
    already: Set[str],
    rules: ReminderRules,
    calendar: WorkingCalendar,
) -> Decision:
    """What to send a lead now, catching up after downtime without a burst of messages.

    `already` holds the keys claimed for this (action, recipient, deadline): sent, failed,
    skipped or in flight.

    A sweep never sends on a non-working day or before the send time, both judged in the
    recipient's zone: even when catching up, nothing is due at such an instant, and the backlog
    goes out at the next working day's send time. Otherwise only the most recent occurrence whose
    moment has come is sent, unless it is already claimed; every older come occurrence not
    claimed is returned in `skip`, to be recorded as skipped, so none is lost.
    """
    if not may_send_at(now, tz=tz, rules=rules, calendar=calendar):
        return Decision(send=None)
    zone = _zone(tz)
    fixed, repeats = _come(due, now, zone, rules, calendar)
    if not fixed:
        return Decision(send=None)
    step = rules.overdue_repeat_days
    older, latest = fixed[:-1], fixed[-1]
    if repeats:
        latest = _occurrence(RuleKind.OVERDUE, repeats * step, due, zone, rules, calendar)
        older = fixed
    skip = [occurrence for occurrence in older if occurrence.key not in already]
    # Years of weekly repeats, nearly always all claimed: one set comparison tells.
    keys, key_set = _overdue_keys(step, max(repeats - 1, 0))
    if not already >= key_set:
        skip.extend(
            _occurrence(RuleKind.OVERDUE, (k + 1) * step, due, zone, rules, calendar)
            for k, key in enumerate(keys)
            if key not in already
        )
    return Decision(send=None if latest.key in already else latest, skip=tuple(skip))


@lru_cache(maxsize=4096)  # asked once per recipient; the same for all in one zone
def _come(
    due: date, until: datetime, zone: ZoneInfo, rules: ReminderRules, calendar: WorkingCalendar
) -> tuple[tuple[Occurrence, ...], int]:
    """The before and due-date reminders come by `until`, and how many overdue repeats have:
    what `lead_occurrences` lists, without making an occurrence per repeat."""
    fixed: list[Occurrence] = []
    for kind, offset in [(RuleKind.BEFORE, -d) for d in rules.days_before] + [(RuleKind.DUE, 0)]:
        occurrence = _occurrence(kind, offset, due, zone, rules, calendar)
        if occurrence.moment > until:
            return tuple(fixed), 0
        fixed.append(occurrence)
    step = rules.overdue_repeat_days
    # A repeat that has come falls on or after its nominal day, so this many is an upper bound;
    # moments rise with the repeat, so count down to the last one that has come.
    repeats = max((until.astimezone(zone).date() - due).days // step, 0)
    while (
        repeats
        and _occurrence(RuleKind.OVERDUE, repeats * step, due, zone, rules, calendar).moment > until
    ):
        repeats -= 1
    return tuple(fixed), repeats


@lru_cache(maxsize=1024)
def _overdue_keys(step: int, repeats: int) -> tuple[tuple[str, ...], frozenset[str]]:
    """The keys of the first `repeats` overdue reminders, in order and as a set."""
    keys = tuple(f"{RuleKind.OVERDUE}-{k * step}" for k in range(1, repeats + 1))
    return keys, frozenset(keys)


def decide_escalation(
    due: date,
    *,
    now: datetime,
    tz: str,
    already: Set[str],
    rules: ReminderRules,
    calendar: WorkingCalendar,
) -> Decision:
    """Whether to tell the board secretary now; same sending hours as `decide`, in their zone.

    Sent once per action per deadline however late the sweep, since the secretary still needs
    to know about an action that is overdue by months.
    """
    if not may_send_at(now, tz=tz, rules=rules, calendar=calendar):
        return Decision(send=None)
    escalation = escalation_occurrence(due, tz=tz, rules=rules, calendar=calendar)
    if escalation.moment > now or escalation.key in already:
        return Decision(send=None)
    return Decision(send=escalation)


def days_until(due: date, now: datetime, tz: str) -> int:
    """Whole days from the recipient's local today to the due date; negative when overdue."""
    _require_aware("now", now)
    return (due - now.astimezone(_zone(tz)).date()).days


def latest_relevant_due(
    today: date, rules: ReminderRules, calendar: WorkingCalendar | None = None
) -> date:
    """The latest due date that can have a reminder come by the end of `today`.

    A sweep only needs actions due on or before this date, so its cost grows with the reminders
    that are due rather than with every stored action; every earlier due date stays relevant for
    as long as its action is open, because overdue reminders repeat. `today` is the latest local
    date of any recipient: the UTC date plus one day covers every zone. With a calendar the bound
    is exact; without, it allows `_HOLIDAY_MARGIN_DAYS` for a reminder pulled back over holidays.
    """
    if not rules.days_before:
        return today  # the earliest reminder is then on or after the due date itself
    longest = timedelta(days=rules.days_before[0])
    if calendar is None:
        return today + longest + timedelta(days=_HOLIDAY_MARGIN_DAYS)
    # A "before" day x lands on or before today exactly when no working day lies in (today, x].
    first_working_after = calendar.next_working_day(today + timedelta(days=1))
    return first_working_after - timedelta(days=1) + longest


def occurrence(
    kind: RuleKind,
    offset_days: int,
    due: date,
    *,
    tz: str,
    rules: ReminderRules,
    calendar: WorkingCalendar,
) -> Occurrence:
    """One reminder of `due`, `offset_days` from it, at its send moment after working days."""
    return _occurrence(kind, offset_days, due, _zone(tz), rules, calendar)


# Pure, and asked for the same deadlines over and over by every sweep: long-overdue actions
# would otherwise recompute every weekly repeat since their due date each time.
@lru_cache(maxsize=1 << 16)
def _occurrence(
    kind: RuleKind,
    offset: int,
    due: date,
    zone: ZoneInfo,
    rules: ReminderRules,
    calendar: WorkingCalendar,
) -> Occurrence:
    nominal = due + timedelta(days=offset)
    # A reminder that the deadline is coming must not arrive late, and one that it has passed
    # must not arrive early.
    if kind is RuleKind.BEFORE:
        day = calendar.previous_working_day(nominal)
    else:
        day = calendar.next_working_day(nominal)
    return Occurrence(kind=kind, offset_days=offset, moment=_send_moment(day, zone, rules))


def _send_moment(day: date, zone: ZoneInfo, rules: ReminderRules) -> datetime:
    return datetime.combine(day, rules.send_time, tzinfo=zone).astimezone(UTC)


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise InvalidInput(
            f"Unknown time zone {tz!r}: use a name such as Europe/London or America/New_York."
        ) from None


def _require_aware(name: str, value: datetime) -> None:
    # A naive datetime would silently be read as the server's zone, shifting every reminder.
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime")
