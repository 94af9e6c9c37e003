"""Snoozes in the pure reminder policy: whose reminders a snooze holds, and for how long."""

from __future__ import annotations

from datetime import date, datetime

from bot.calendar import WorkingCalendar
from bot.models.actions import Status
from bot.reminders.policy import ReminderPolicy
from bot.reminders.rules import ReminderRules
from bot.reminders.snooze import snooze_until
from bot.reminders.views import ActionView, LeadView

ENGLAND = WorkingCalendar("GB", "ENG")
POLICY = ReminderPolicy(
    rules=ReminderRules(), calendar=ENGLAND, default_tz="Europe/London", secretary_ids=("USEC",)
)
DUE = date(2022, 8, 31)  # a Wednesday: before-7 on 24 Aug, due on 31 Aug, escalation 14 Sept
ACTION = ActionView(
    id=12,
    description="Provide the report",
    deadline_end=DUE,
    timing_raw="August 2022",
    item_no="2",
    status=Status.OPEN,
    leads=(LeadView(1, "MPS", ("UALICE", "UBOB")),),
    board=None,
)


def sent(now: str, snoozes: dict[tuple[int, str], date], claimed: dict | None = None) -> dict:
    plan = POLICY.plan_action(
        ACTION,
        now=datetime.fromisoformat(now),
        horizon=date(2030, 1, 1),
        claimed=claimed or {},
        people={},
        snoozes=snoozes,
    )
    return {
        claim.recipient: claim.rule
        for claim in plan.claims
        if claim.state.value == "claimed" and claim.recipient.startswith("U")
    } | {"next_at": plan.next_at}


def test_a_week_long_snooze_holds_only_that_persons_reminder_until_its_day() -> None:
    snoozed = {(12, "UALICE"): date(2022, 8, 25)}
    week = sent("2022-08-24T09:30+01:00", snoozed)
    assert week["UBOB"] == "before-7" and "UALICE" not in week
    # The held reminder goes out at the start of the working day the snooze ends.
    assert week["next_at"] <= datetime.fromisoformat("2022-08-25T00:00+01:00")
    claimed = {(12, "UBOB", DUE): "before-14,before-7", (12, "UALICE", DUE): "before-14"}
    after = sent("2022-08-25T09:30+01:00", snoozed, claimed)
    assert after["UALICE"] == "before-7" and "UBOB" not in after
    # Without the snooze both hear on the 24th.
    both = sent("2022-08-24T09:30+01:00", {})
    assert both["UALICE"] == both["UBOB"] == "before-7"


def test_a_snooze_never_holds_the_deadlines_own_reminder() -> None:
    snoozed = {(12, "UALICE"): date(2022, 9, 7)}
    claimed = {(12, u, DUE): "before-14,before-7,before-1" for u in ("UALICE", "UBOB")}
    on_the_day = sent("2022-08-31T09:30+01:00", snoozed, claimed)
    assert on_the_day["UALICE"] == on_the_day["UBOB"] == "due"


def test_a_snooze_ends_when_the_deadline_escalates() -> None:
    snoozed = {(12, "UALICE"): date(2022, 10, 1)}
    rules = "before-14,before-7,before-1,due,overdue-7"
    claimed = {(12, u, DUE): rules for u in ("UALICE", "UBOB")}
    held = sent("2022-09-07T09:30+01:00", snoozed, {(12, "UBOB", DUE): "due"})
    assert "UALICE" not in held
    escalated = sent("2022-09-14T09:30+01:00", snoozed, claimed)
    assert escalated["UALICE"] == escalated["UBOB"] == "overdue-14"


def test_the_snooze_choices_land_on_working_days() -> None:
    friday = date(2022, 8, 26)  # the Monday after is the August bank holiday
    assert snooze_until("day", friday, ENGLAND, None) == date(2022, 8, 30)
    assert snooze_until("week", friday, ENGLAND, None) == date(2022, 9, 2)
    assert snooze_until("meeting", friday, ENGLAND, date(2022, 10, 20)) == date(2022, 10, 21)
