"""ReminderService against a real database: who hears what, when, and never twice."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.actions.service import Actor
from bot.clock import FixedClock
from bot.leads.service import LeadRef
from bot.models.actions import Status
from bot.models.reminders import Cursor, Delivery
from bot.reminders import outcomes
from bot.reminders.digest import Group, SweepReport
from bot.reminders.ports import UserProfile
from bot.services import Services
from tests.annex_a import AUGUST_ITEMS, add_annex_a
from tests.reminders.conftest import RecordingNotifier

SECRETARY = Actor("USEC", is_secretary=True)


def sweep(services: Services, clock: FixedClock, iso: str, **kwargs) -> SweepReport:
    clock.set(datetime.fromisoformat(iso))
    return services.reminders.send_due(**kwargs)


@pytest.fixture
def annex(reminder_services: Services) -> dict[str, int]:
    reminder_services.leads.map_users(SECRETARY, "MPS", user_ids=["U1", "U2"], aliases=[])
    return add_annex_a(reminder_services)


def item_numbers(digest) -> set[str]:  # type: ignore[no-untyped-def]
    return {item.item_no for item in digest.items}


def test_each_lead_user_gets_one_digest_of_the_august_items_a_week_before(
    reminder_services, clock, notifier: RecordingNotifier, annex
) -> None:
    report = sweep(reminder_services, clock, "2022-08-24T09:30:00+01:00")
    assert sorted(d.recipient for d in notifier.digests) == ["U1", "U2"]
    for digest in notifier.digests:
        assert item_numbers(digest) == AUGUST_ITEMS
        assert {item.days_left for item in digest.items} == {7}
        assert [group for group, _ in digest.groups] == [Group.UPCOMING]
        assert {item.rule for item in digest.items} == {"before-7"}
    # The fortnight reminder was missed (no sweep ran on 17 August): recorded, not sent.
    assert {s.rule for s in report.skipped} == {"before-14"}
    assert len(report.skipped) == 2 * len(AUGUST_ITEMS)


def test_a_second_sweep_sends_nothing(reminder_services, clock, notifier, annex) -> None:
    sweep(reminder_services, clock, "2022-08-24T09:30:00+01:00")
    again = sweep(reminder_services, clock, "2022-08-24T09:31:00+01:00")
    assert again.nothing_happened
    assert len(notifier.digests) == 2


def test_nothing_on_a_saturday_and_overdue_after_the_due_date(
    reminder_services, clock, notifier, annex
) -> None:
    sweep(reminder_services, clock, "2022-08-24T09:30:00+01:00")
    assert sweep(reminder_services, clock, "2022-08-27T09:30:00+01:00").nothing_happened
    report = sweep(reminder_services, clock, "2022-09-01T09:30:00+01:00")
    latest = notifier.digests[-2:]
    assert sorted(d.recipient for d in latest) == ["U1", "U2"]
    for digest in latest:
        assert item_numbers(digest) == AUGUST_ITEMS
        assert [group for group, _ in digest.groups] == [Group.OVERDUE]
        assert {item.rule for item in digest.items} == {"due"}
        assert all(item.when.startswith("overdue by 1 day") for item in digest.items)
    assert {s.rule for s in report.skipped} == {"before-1"}


def test_nothing_before_the_send_time_then_the_backlog_at_nine(
    reminder_services, clock, notifier, annex
) -> None:
    assert sweep(reminder_services, clock, "2022-08-24T08:59:00+01:00").nothing_happened
    sweep(reminder_services, clock, "2022-08-24T09:00:00+01:00")
    assert len(notifier.digests) == 2


def test_each_recipient_is_reminded_at_nine_in_their_own_zone(
    reminder_services, clock, notifier, annex
) -> None:
    notifier.profiles["U2"] = UserProfile("U2", "America/New_York")
    sweep(reminder_services, clock, "2022-08-24T09:30:00+01:00")
    assert [d.recipient for d in notifier.digests] == ["U1"]
    sweep(reminder_services, clock, "2022-08-24T08:59:00-04:00")
    assert [d.recipient for d in notifier.digests] == ["U1"]
    sweep(reminder_services, clock, "2022-08-24T09:00:00-04:00")
    assert [d.recipient for d in notifier.digests] == ["U1", "U2"]


def test_done_and_dropped_actions_get_nothing(reminder_services, clock, notifier, annex) -> None:
    for number in ("2", "3", "6", "7", "8", "10"):
        reminder_services.actions.update(SECRETARY, annex[number], status=Status.DONE)
    reminder_services.actions.update(SECRETARY, annex["13"], status=Status.DROPPED)
    assert sweep(reminder_services, clock, "2022-08-24T09:30:00+01:00").nothing_happened


def test_a_deadline_set_later_is_reminded_and_a_changed_one_re_arms(
    reminder_services, clock, notifier, annex
) -> None:
    sweep(reminder_services, clock, "2022-08-24T09:30:00+01:00")
    # Item 5 had no deadline; item 2 moves from August to 2 September.
    reminder_services.actions.update(SECRETARY, annex["5"], timing="31 August 2022")
    reminder_services.actions.update(SECRETARY, annex["2"], timing="2 September 2022")
    sweep(reminder_services, clock, "2022-08-24T10:00:00+01:00")
    latest = {item.item_no: item for item in notifier.to("U1")[-1].items}
    assert set(latest) == {"2", "5"}
    assert latest["5"].rule == "before-7"
    # The new date's fortnight reminder has come already: the lead hears of the move at once.
    assert (latest["2"].rule, latest["2"].days_left) == ("before-14", 9)
    report = sweep(reminder_services, clock, "2022-08-26T09:30:00+01:00")  # 2 Sept less 7 days
    moved = [i for i in notifier.to("U1")[-1].items if i.item_no == "2"]
    assert moved and moved[0].rule == "before-7" and moved[0].due == date(2022, 9, 2)
    assert len(report.sent) == 2


def test_a_new_lead_hears_about_the_action_and_a_user_of_two_leads_gets_it_once(
    reminder_services, clock, notifier, annex
) -> None:
    reminder_services.leads.map_users(SECRETARY, "MOPAC", user_ids=["U2", "U3"], aliases=[])
    reminder_services.actions.update(
        SECRETARY, annex["3"], leads=[LeadRef(name="MPS"), LeadRef(name="MOPAC")]
    )
    reminder_services.actions.update(SECRETARY, annex["7"], leads=[LeadRef(name="MOPAC")])
    sweep(reminder_services, clock, "2022-08-24T09:30:00+01:00")
    assert item_numbers(notifier.to("U1")[0]) == AUGUST_ITEMS - {"7"}
    assert item_numbers(notifier.to("U2")[0]) == AUGUST_ITEMS
    assert item_numbers(notifier.to("U3")[0]) == {"3", "7"}
    assert len(notifier.to("U2")[0].items) == len(AUGUST_ITEMS)


def test_a_user_mapped_later_gets_the_reminder_that_came_due(
    reminder_services, clock, notifier, annex
) -> None:
    sweep(reminder_services, clock, "2022-08-24T09:30:00+01:00")
    reminder_services.leads.map_users(SECRETARY, "MPS", user_ids=["U9"], aliases=[])
    sweep(reminder_services, clock, "2022-08-24T11:00:00+01:00")
    assert item_numbers(notifier.to("U9")[0]) == AUGUST_ITEMS
    assert len(notifier.to("U1")) == 1


def test_the_secretary_is_told_once_when_an_action_is_two_weeks_overdue(
    reminder_services, clock, notifier, annex
) -> None:
    sweep(reminder_services, clock, "2022-09-14T09:30:00+01:00")
    escalations = notifier.to("USEC")
    assert len(escalations) == 1
    assert item_numbers(escalations[0]) == AUGUST_ITEMS
    assert {item.rule for item in escalations[0].items} == {"escalate-14"}
    assert [group for group, _ in escalations[0].groups] == [Group.ESCALATED]
    sweep(reminder_services, clock, "2022-09-21T09:30:00+01:00")
    assert len(notifier.to("USEC")) == 1
    sweep(reminder_services, clock, "2022-10-21T09:30:00+01:00")
    # Only item 9 (August/Sept 2022, due 30 September) has newly passed two weeks overdue.
    assert [item_numbers(d) for d in notifier.to("USEC")] == [AUGUST_ITEMS, {"9"}]
    assert len(notifier.to("U1")) == 3  # overdue-14, overdue-21, then the latest repeat


def test_escalation_goes_to_the_board_channel_when_it_has_one(
    reminder_services, sessions, clock, notifier, annex
) -> None:
    with sessions.begin() as session:
        from bot.boards.repository import BoardRepository

        BoardRepository(session).by_name("Performance and Risk Oversight Board").channel_id = "C1"
    sweep(reminder_services, clock, "2022-09-14T09:30:00+01:00")
    assert notifier.to("USEC") == []
    assert item_numbers(notifier.to("C1")[0]) == AUGUST_ITEMS


def test_a_lead_without_slack_users_is_reported_to_the_secretary_once(
    reminder_services, clock, notifier
) -> None:
    add_annex_a(reminder_services)  # MPS has nobody mapped
    sweep(reminder_services, clock, "2022-08-24T09:30:00+01:00")
    [notice] = notifier.digests
    assert notice.recipient == "USEC"
    assert item_numbers(notice) == AUGUST_ITEMS
    assert {item.subject for item in notice.items} == {"lead MPS"}
    assert [group for group, _ in notice.groups] == [Group.UNREACHABLE]
    sweep(reminder_services, clock, "2022-08-30T09:30:00+01:00")
    sweep(reminder_services, clock, "2022-09-01T09:30:00+01:00")
    assert len(notifier.digests) == 1


def test_a_deactivated_user_is_reported_and_the_others_still_reminded(
    reminder_services, clock, notifier, annex
) -> None:
    notifier.profiles["U2"] = UserProfile("U2", "Europe/London", account="deactivated")
    sweep(reminder_services, clock, "2022-08-24T09:30:00+01:00")
    assert item_numbers(notifier.to("U1")[0]) == AUGUST_ITEMS
    assert notifier.to("U2") == []
    [notice] = notifier.to("USEC")
    assert {item.subject for item in notice.items} == {"U2"}
    assert {item.reason for item in notice.items} == {"their Slack account is deactivated"}


def test_failed_sends_are_retried_with_backoff_and_one_failure_does_not_stop_others(
    reminder_services, clock, notifier, annex
) -> None:
    notifier.failures["U1"] = [("ratelimited", False), ("internal_error", False)]
    report = sweep(reminder_services, clock, "2022-08-24T09:30:00+01:00")
    assert [d.recipient for d in notifier.digests] == ["U2"]
    assert [f.recipient for f in report.failed] == ["U1"] and report.failed[0].will_retry
    assert sweep(reminder_services, clock, "2022-08-24T09:34:00+01:00").nothing_happened
    sweep(reminder_services, clock, "2022-08-24T09:35:00+01:00")  # 5 minutes on: fails again
    sweep(reminder_services, clock, "2022-08-24T09:49:00+01:00")
    assert [d.recipient for d in notifier.digests] == ["U2"]
    sweep(reminder_services, clock, "2022-08-24T09:50:00+01:00")  # 15 minutes on: delivered
    assert [d.recipient for d in notifier.digests] == ["U2", "U1"]
    assert item_numbers(notifier.to("U1")[0]) == AUGUST_ITEMS
    assert sweep(reminder_services, clock, "2022-08-24T12:00:00+01:00").nothing_happened


def test_after_max_attempts_the_secretary_hears_the_lead_could_not_be_reached(
    reminder_services, settings, clock, notifier, annex
) -> None:
    notifier.failures["U1"] = [("internal_error", False)] * settings.max_send_attempts
    sweep(reminder_services, clock, "2022-08-24T09:30:00+01:00")
    moment = datetime.fromisoformat("2022-08-24T09:30:00+01:00")
    for wait in (5, 15, 45, 120):
        moment += timedelta(minutes=wait)
        sweep(reminder_services, clock, moment.isoformat())
    assert notifier.to("U1") == []
    [notice] = notifier.to("USEC")
    assert item_numbers(notice) == AUGUST_ITEMS
    assert {item.subject for item in notice.items} == {"U1"}
    assert "5 attempts" in notice.items[0].reason
    sweep(reminder_services, clock, "2022-08-25T12:00:00+01:00")
    assert len(notifier.to("USEC")) == 1


def test_a_permanent_refusal_is_reported_at_once(reminder_services, clock, notifier, annex) -> None:
    notifier.failures["U1"] = [("user_not_found", True)]
    sweep(reminder_services, clock, "2022-08-24T09:30:00+01:00")
    [notice] = notifier.to("USEC")
    assert "user_not_found" in notice.items[0].reason


def test_a_claim_left_by_a_crash_is_sent_after_the_lease(
    reminder_services, clock, notifier, annex, monkeypatch
) -> None:
    service = reminder_services.reminders
    monkeypatch.setattr(service, "_deliver", lambda *a, **k: (_ for _ in ()).throw(SystemExit))
    with pytest.raises(SystemExit):
        sweep(reminder_services, clock, "2022-08-24T09:30:00+01:00")
    monkeypatch.undo()
    assert sweep(reminder_services, clock, "2022-08-24T09:35:00+01:00").nothing_happened
    sweep(reminder_services, clock, "2022-08-24T09:41:00+01:00")
    assert sorted(d.recipient for d in notifier.digests) == ["U1", "U2"]
    assert item_numbers(notifier.digests[0]) == AUGUST_ITEMS


def test_a_dry_run_sends_and_records_nothing(
    reminder_services, sessions, clock, notifier, annex
) -> None:
    report = sweep(reminder_services, clock, "2022-08-24T09:30:00+01:00", dry_run=True)
    assert sorted(d.recipient for d in report.sent) == ["U1", "U2"]
    assert notifier.digests == []
    with sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(Delivery)) == 0
    sweep(reminder_services, clock, "2022-08-24T09:30:00+01:00")
    assert len(notifier.digests) == 2


def test_after_a_sweep_only_the_next_reminders_cursors_remain(
    reminder_services, sessions, clock, notifier, annex
) -> None:
    sweep(reminder_services, clock, "2022-08-24T09:30:00+01:00")
    with sessions.begin() as session:
        cursors = dict(session.execute(select(Cursor.action_id, Cursor.next_at)).all())
    # Completed and undated actions need no cursor; the August ones wake for the day before.
    assert set(cursors) == {annex[n] for n in AUGUST_ITEMS | {"1", "4", "9", "11"}}
    assert cursors[annex["2"]] == datetime.fromisoformat("2022-08-30T09:00:00+01:00")
    later = sweep(reminder_services, clock, "2022-08-29T10:00:00+01:00")  # a bank holiday
    assert later.nothing_happened


def test_a_thorough_sweep_finds_actions_written_without_a_cursor(
    reminder_services, sessions, clock, notifier, annex
) -> None:
    with sessions.begin() as session:
        session.execute(Cursor.__table__.delete())
    assert sweep(reminder_services, clock, "2022-08-24T09:30:00+01:00").nothing_happened
    sweep(reminder_services, clock, "2022-08-24T09:30:00+01:00", thorough=True)
    assert sorted(d.recipient for d in notifier.digests) == ["U1", "U2"]


def test_a_secretary_nudge_is_recorded_and_leaves_the_schedule_alone(
    reminder_services, clock, notifier, annex
) -> None:
    clock.set(datetime.fromisoformat("2022-08-23T15:00:00+01:00"))
    result = reminder_services.reminders.nudge(SECRETARY, annex["2"], "Board asked again")
    assert result.reached == ("U1", "U2")
    assert [d.nudged_by for d in notifier.digests] == ["USEC", "USEC"]
    assert notifier.digests[0].note == "Board asked again"
    events = reminder_services.actions.get(annex["2"]).events
    assert (events[-1].field, events[-1].new, events[-1].note) == (
        "reminder",
        "U1, U2",
        "Board asked again",
    )
    sweep(reminder_services, clock, "2022-08-24T09:30:00+01:00")
    assert "2" in item_numbers(notifier.to("U1")[-1])


def test_outcomes_are_recorded_before_the_next_send_once_they_have_waited_long_enough(
    reminder_services, clock, notifier: RecordingNotifier, annex, sessions, monkeypatch
) -> None:
    """Outcomes are recorded for several recipients at once, but none waits through a slow
    send for longer than RECORD_WITHIN: here no wait at all."""
    monkeypatch.setattr(outcomes, "RECORD_WITHIN", 0.0)
    recorded: list[int] = []
    send = notifier.send_digest

    def send_and_look(digest):  # type: ignore[no-untyped-def]
        with sessions() as session:
            recorded.append(
                len(session.scalars(select(Delivery.id).where(Delivery.state == "sent")).all())
            )
        return send(digest)

    monkeypatch.setattr(notifier, "send_digest", send_and_look)
    sweep(reminder_services, clock, "2022-08-24T09:30:00+01:00")
    assert [d.recipient for d in notifier.digests] == ["U1", "U2"]
    assert recorded == [0, len(AUGUST_ITEMS)]
