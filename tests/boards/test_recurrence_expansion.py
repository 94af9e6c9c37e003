"""A recurrence is written out without gaps from its first date, whenever it is entered."""

from __future__ import annotations

import calendar
import io
import itertools
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from bot.actions.service import Actor, NewAction
from bot.boards.recurrence import parse_recurrence
from bot.boards.repository import RULE_HORIZON
from bot.console.shell import Shell
from bot.errors import InvalidInput
from bot.leads.service import LeadRef
from bot.models.actions import Status
from bot.models.boards import Meeting
from bot.services import Services

GLOBAL = Actor("USEC", is_secretary=True)
# The day the rule was entered in the report: Thursday 3 December 2026.
ENTERED = datetime(2026, 12, 3, 10, tzinfo=UTC)
QUARTERS_SINCE_2022 = [
    date(year, month, 20)
    for year, month in itertools.product(range(2022, 2028), (1, 4, 7, 10))
    if date(2022, 10, 20) <= date(year, month, 20) <= date(2027, 10, 20)
]


def stored(services: Services, label: str = "PROB") -> list[tuple[date, bool]]:
    board = services.boards.get(label)
    with services.sessions.begin() as session:
        rows = session.execute(
            select(Meeting.date, Meeting.cancelled)
            .where(Meeting.board_id == board.id)
            .order_by(Meeting.date)
        )
        return [(day, cancelled) for day, cancelled in rows]


def held(services: Services, label: str = "PROB") -> list[date]:
    return [day for day, cancelled in stored(services, label) if not cancelled]


@pytest.fixture
def shell(services, clock) -> Shell:  # type: ignore[no-untyped-def]
    clock.set(ENTERED)
    shell = Shell(services, "USEC", out=io.StringIO())
    assert "Added board" in shell.handle(
        'board add "Performance and Risk Oversight Board" short:PROB'
    )
    return shell


def test_a_rule_entered_years_late_fills_every_meeting_since_its_first(  # type: ignore[no-untyped-def]
    services, shell
) -> None:
    reply = shell.handle('meeting PROB 20 October 2022 every:"3 months"')
    assert "Repeats every 3 months, from 20 October 2022" in reply
    assert held(services) == QUARTERS_SINCE_2022
    listed = shell.handle("meetings PROB")
    assert "Last meeting: 20 October 2026." in listed
    assert listed.index("20 January 2027") < listed.index("20 April 2027")
    assert services.boards.get("PROB").previous_meeting == date(2026, 10, 20)


def test_since_the_last_meeting_counts_from_the_rules_last_date(services, shell, clock) -> None:  # type: ignore[no-untyped-def]
    shell.handle('meeting PROB 20 October 2022 every:"3 months"')
    for when, text in [(datetime(2026, 9, 1, 12, tzinfo=UTC), "Closed in September"),
                       (datetime(2026, 11, 2, 12, tzinfo=UTC), "Closed in November")]:  # fmt: skip
        clock.set(when)
        added = services.actions.add(GLOBAL, NewAction(text, [LeadRef(name="MPS")], board="PROB"))
        services.actions.set_status(GLOBAL, added.action.id, Status.DONE)
    clock.set(ENTERED)
    summary = shell.handle("summary PROB")
    assert summary.startswith(
        "# Matters arising — Performance and Risk Oversight Board — 20 January 2027"
    )
    closed = summary.split("Completed or dropped since the last meeting", 1)[1]
    assert "Closed in November" in closed
    assert "Closed in September" not in closed
    assert "Completed or dropped since the last meeting: 1." in summary


def test_asking_for_a_past_meeting_leaves_no_gap_either(services, shell) -> None:  # type: ignore[no-untyped-def]
    shell.handle('meeting PROB 20 October 2022 every:"3 months"')
    assert shell.handle("summary PROB for:2023-10-20").startswith("# Matters arising")
    assert held(services) == QUARTERS_SINCE_2022


def test_a_restart_fills_a_calendar_left_with_gaps_and_writes_nothing_twice(  # type: ignore[no-untyped-def]
    services, shell
) -> None:
    shell.handle('meeting PROB 20 October 2022 every:"3 months"')
    board_id = services.boards.get("PROB").id
    with services.sessions.begin() as session:  # what earlier versions left: 2023, then 2027
        session.execute(
            delete(Meeting).where(
                Meeting.board_id == board_id,
                Meeting.date > date(2023, 10, 20),
                Meeting.date < date(2027, 1, 1),
            )
        )
    assert services.boards.extend_calendars() == 1
    assert services.boards.extend_calendars() == 1
    assert held(services) == QUARTERS_SINCE_2022


def test_a_cancelled_meeting_stays_cancelled_and_is_not_the_last_meeting(  # type: ignore[no-untyped-def]
    services, shell
) -> None:
    shell.handle('meeting PROB 20 October 2022 every:"3 months"')
    assert "cancelled" in shell.handle("meeting PROB 20 October 2026 cancel").lower()
    services.boards.extend_calendars()
    assert (date(2026, 10, 20), True) in stored(services)
    assert "Last meeting: 20 July 2026." in shell.handle("meetings PROB")


def test_a_changed_rule_restates_the_calendar_from_its_first_date(services, shell) -> None:  # type: ignore[no-untyped-def]
    shell.handle("meeting PROB 20 October 2022 every:monthly")
    assert date(2024, 5, 20) in held(services)
    shell.handle("meeting PROB 20 January 2026 cancel")
    services.actions.add(
        GLOBAL,
        NewAction("Agreed in May 2024", [LeadRef(name="MPS")], board="PROB",
                  meeting_date=date(2024, 5, 20)),
    )  # fmt: skip
    shell.handle('meeting PROB 20 October 2022 every:"3 months"')
    # The monthly dates are gone, but for the meeting an action was agreed at; the cancelled
    # quarter stays cancelled.
    quarters = [day for day in QUARTERS_SINCE_2022 if day != date(2026, 1, 20)]
    assert held(services) == sorted([*quarters, date(2024, 5, 20)])
    assert (date(2026, 1, 20), True) in stored(services)


def test_stopping_a_rule_keeps_the_meetings_held(services, shell) -> None:  # type: ignore[no-untyped-def]
    shell.handle('meeting PROB 20 October 2022 every:"3 months"')
    shell.handle("meeting PROB 20 October 2022 every:none")
    assert held(services) == [d for d in QUARTERS_SINCE_2022 if d < ENTERED.date()]
    assert "Last meeting: 20 October 2026." in shell.handle("meetings PROB")


def test_a_rule_giving_absurdly_many_meetings_is_refused_and_changes_nothing(  # type: ignore[no-untyped-def]
    services, shell
) -> None:
    # The command refuses years before 1990; a rule this long can only come from elsewhere.
    with pytest.raises(InvalidInput) as refused:
        services.boards.add_meeting(GLOBAL, "PROB", date(1960, 1, 7), every="weekly")
    assert "may give at most 2,000" in refused.value.user_message
    assert "Start it from a later meeting" in refused.value.user_message
    assert stored(services) == []
    assert services.boards.get("PROB").recurrence is None


def test_month_ends_every_month_from_31_january(services, shell) -> None:  # type: ignore[no-untyped-def]
    shell.handle("meeting PROB 31 January 2026 every:monthly")
    assert held(services)[:6] == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
        date(2026, 5, 31),
        date(2026, 6, 30),
    ]
    assert "Last meeting: 30 November 2026." in shell.handle("meetings PROB")


# Properties: any start, any interval, any day it is entered


def add_months(day: date, months: int, wanted_day: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(wanted_day, calendar.monthrange(year, month + 1)[1]))


def expected(start: date, unit: str, interval: int, through: date) -> list[date]:
    """The rule written out by hand: no gaps, month ends kept to the month."""
    days: list[date] = []
    for n in itertools.count():
        if unit == "weeks":
            day = start + timedelta(weeks=interval * n)
        else:
            day = add_months(start, interval * n * (12 if unit == "years" else 1), start.day)
        if day > through:
            return days
        days.append(day)
    raise AssertionError("unreachable")


starts = st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31))
units = st.sampled_from(["weeks", "months", "years"])
intervals = st.integers(min_value=1, max_value=12)


@given(start=starts, unit=units, interval=intervals, span=st.integers(0, 3000))
def test_every_rule_gives_each_date_from_its_first(
    start: date, unit: str, interval: int, span: int
) -> None:
    rule = parse_recurrence(f"every {interval} {unit}", start)
    assert rule is not None
    through = start + timedelta(days=span)
    assert rule.dates_through(through) == expected(start, unit, interval, through)


_boards = itertools.count()


@hypothesis_settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    start=st.dates(min_value=date(2012, 1, 1), max_value=date(2027, 12, 31)),
    unit=units,
    interval=intervals,
    entered=st.dates(min_value=date(2020, 1, 1), max_value=date(2028, 12, 31)),
)
def test_the_stored_calendar_has_no_gaps_whenever_the_rule_is_entered(  # type: ignore[no-untyped-def]
    services, clock, start: date, unit: str, interval: int, entered: date
) -> None:
    clock.set(datetime.combine(entered, datetime.min.time(), UTC) + timedelta(hours=12))
    label = f"B{next(_boards)}"
    services.boards.create(GLOBAL, f"Board {label}", short_name=label)
    info = services.boards.add_meeting(GLOBAL, label, start, every=f"every {interval} {unit}")
    # The day named is a meeting even when it is further ahead than the rule is written.
    rule_dates = sorted({start, *expected(start, unit, interval, entered + RULE_HORIZON)})
    assert held(services, label) == rule_dates
    before = [day for day in rule_dates if day < entered]
    assert info.board.previous_meeting == (before[-1] if before else None)
