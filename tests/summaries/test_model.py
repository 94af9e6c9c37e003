"""Which actions land in which section of the matters-arising summary."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.summaries.model import (
    SECTION_TITLES,
    ActionItem,
    Section,
    Summary,
    SummaryInput,
    Totals,
    UpdateNote,
    build_summary,
)

BOARD = "Performance and Risk Oversight Board"
PREVIOUS = date(2022, 6, 24)
MEETING = date(2022, 10, 20)
TODAY = date(2022, 10, 10)


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def note(day: date, text: str = "Progress reported", actor: str = "Jo Bloggs") -> UpdateNote:
    return UpdateNote(at=at(day), actor=actor, text=text)


def item(id: int, **fields: object) -> ActionItem:
    defaults: dict[str, object] = dict(
        item_no=str(id),
        origin_meeting=PREVIOUS,
        description=f"Action {id}",
        timing_raw="",
        due=None,
        leads=("MPS",),
        status="open",
        forum=None,
        closed_at=None,
        latest_note=note(date(2022, 9, 1)),
    )
    defaults.update(fields)
    return ActionItem(id=id, **defaults)  # type: ignore[arg-type]


def summarise(*items: ActionItem, **fields: object) -> Summary:
    data = dict(
        board_name=BOARD,
        board_short_name="PROB",
        meeting=MEETING,
        previous_meeting=PREVIOUS,
        today=TODAY,
        items=items,
    )
    data.update(fields)
    return build_summary(SummaryInput(**data))  # type: ignore[arg-type]


def section_of(summary: Summary, id: int) -> Section | None:
    found = [line.section for line in summary.lines() if line.item.id == id]
    assert len(found) <= 1, "an action appears in more than one section"
    return found[0] if found else None


def ids(summary: Summary, section: Section) -> list[int]:
    return [line.item.id for line in summary.sections[section]]


# Sections and their boundaries


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (TODAY - timedelta(days=1), Section.OVERDUE),
        (TODAY, Section.DUE_BY_MEETING),
        (MEETING, Section.DUE_BY_MEETING),
        (MEETING + timedelta(days=1), Section.NOT_YET_DUE),
        (None, Section.NO_DEADLINE),
    ],
    ids=["yesterday", "today", "meeting-day", "day-after-meeting", "no-deadline"],
)
def test_open_action_is_placed_by_its_due_date(due: date | None, expected: Section) -> None:
    assert section_of(summarise(item(1, due=due)), 1) is expected


@pytest.mark.parametrize("status", ["open", "in-progress", "blocked"])
def test_every_open_status_can_be_overdue(status: str) -> None:
    summary = summarise(item(1, due=date(2022, 8, 31), status=status))
    assert section_of(summary, 1) is Section.OVERDUE


def test_month_deadline_is_due_at_a_meeting_held_within_that_month() -> None:
    october = item(1, due=date(2022, 10, 31), due_from=date(2022, 10, 1))
    november = item(2, due=date(2022, 11, 30), due_from=date(2022, 11, 1))
    summary = summarise(october, november)
    assert section_of(summary, 1) is Section.DUE_BY_MEETING
    assert section_of(summary, 2) is Section.NOT_YET_DUE


def test_deadline_without_a_known_start_counts_only_its_last_day() -> None:
    summary = summarise(item(1, due=date(2022, 10, 31), due_from=None))
    assert section_of(summary, 1) is Section.NOT_YET_DUE


def test_overdue_line_says_how_late_and_since_which_meeting() -> None:
    line = summarise(item(1, due=date(2022, 8, 31))).sections[Section.OVERDUE][0]
    assert line.days_overdue == 40
    assert line.held_over_since == PREVIOUS


def test_lines_outside_overdue_carry_no_lateness() -> None:
    summary = summarise(item(1, due=TODAY), item(2, due=None), item(3, due=date(2023, 1, 31)))
    for line in summary.lines():
        assert line.days_overdue is None
        assert line.held_over_since is None


@pytest.mark.parametrize(
    "forum",
    [
        "For discussion at the next Performance and Risk Oversight Board",
        "for discussion at the next performance and risk  oversight\nboard meeting",
        "To come back to PROB in October",
        "Victims session (witness care)",
    ],
)
def test_forum_naming_this_board_puts_the_action_up_for_discussion(forum: str) -> None:
    summary = summarise(item(1, due=None, forum=forum), forum_keywords=("witness care",))
    assert section_of(summary, 1) is Section.FOR_DISCUSSION


@pytest.mark.parametrize(
    "forum",
    [
        "For discussion at the DMPC-AC Frontline Policing meeting in October 2022",
        "Problems to be raised with the Chief of Corporate Services",  # "PROB" inside a word
        "",
    ],
)
def test_forum_naming_another_meeting_is_not_for_discussion_here(forum: str) -> None:
    summary = summarise(item(1, due=date(2022, 12, 31), forum=forum))
    assert section_of(summary, 1) is Section.NOT_YET_DUE


def test_due_date_wins_over_forum() -> None:
    forum = "For discussion at the Performance and Risk Oversight Board"
    summary = summarise(
        item(1, due=date(2022, 8, 31), forum=forum), item(2, due=MEETING, forum=forum)
    )
    assert section_of(summary, 1) is Section.OVERDUE
    assert section_of(summary, 2) is Section.DUE_BY_MEETING


def test_board_without_short_name_matches_on_its_name() -> None:
    summary = summarise(
        item(1, forum="At the Performance and Risk Oversight Board"), board_short_name=None
    )
    assert section_of(summary, 1) is Section.FOR_DISCUSSION


@pytest.mark.parametrize(
    ("closed_on", "expected"),
    [
        (PREVIOUS - timedelta(days=1), None),
        (PREVIOUS, None),
        (PREVIOUS + timedelta(days=1), Section.CLOSED_SINCE),
        (MEETING, Section.CLOSED_SINCE),
        (MEETING + timedelta(days=1), None),
    ],
    ids=["before-previous", "on-previous", "day-after-previous", "meeting-day", "after-meeting"],
)
def test_closed_action_is_reported_once_between_meetings(
    closed_on: date, expected: Section | None
) -> None:
    for status in ("done", "dropped"):
        closed = item(1, status=status, due=date(2022, 8, 31), closed_at=at(closed_on))
        assert section_of(summarise(closed), 1) is expected


def test_without_a_previous_meeting_every_closed_action_is_reported() -> None:
    old = item(1, status="done", closed_at=at(date(2020, 1, 1)))
    undated = item(2, status="dropped", closed_at=None)
    after = item(3, status="done", closed_at=at(MEETING + timedelta(days=1)))
    summary = summarise(old, undated, after, previous_meeting=None)
    assert ids(summary, Section.CLOSED_SINCE) == [1, 2]


def test_closed_action_without_closing_date_is_left_out_after_a_previous_meeting() -> None:
    assert summarise(item(1, status="done", closed_at=None)).lines() == ()


def test_closing_date_is_read_in_the_boards_zone() -> None:
    # 23:30 UTC on the previous meeting day is already the next morning in London (BST).
    closed = item(1, status="done", closed_at=datetime(2022, 6, 24, 23, 30, tzinfo=UTC))
    assert section_of(summarise(closed), 1) is None
    assert section_of(summarise(closed, tz=ZoneInfo("Europe/London")), 1) is Section.CLOSED_SINCE


def test_unknown_status_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown status 'finished'"):
        summarise(item(1, status="finished"))


# No update flag


@pytest.mark.parametrize(
    ("latest", "flagged"),
    [
        (None, True),
        (note(PREVIOUS - timedelta(days=1)), True),
        (note(PREVIOUS), False),
        (note(date(2022, 10, 1)), False),
    ],
    ids=["no-note", "before-previous", "on-previous", "recent"],
)
def test_open_action_without_recent_note_is_flagged(
    latest: UpdateNote | None, flagged: bool
) -> None:
    line = summarise(item(1, due=MEETING, latest_note=latest)).lines()[0]
    assert line.no_update is flagged


def test_without_previous_meeting_only_a_missing_note_is_flagged() -> None:
    stale = note(date(2019, 1, 1))
    items = (item(1, latest_note=None), item(2, latest_note=stale))
    summary = summarise(*items, previous_meeting=None)
    assert [line.no_update for line in summary.lines()] == [True, False]


def test_closed_action_is_never_flagged() -> None:
    closed = item(1, status="done", closed_at=at(date(2022, 7, 1)), latest_note=None)
    assert summarise(closed).lines()[0].no_update is False


# Ordering and totals


def test_every_section_is_present_in_order_even_when_empty() -> None:
    summary = summarise()
    assert list(summary.sections) == list(Section)
    assert list(SECTION_TITLES) == list(Section)
    assert summary.totals == Totals(open=0, overdue=0, closed_since_last=0)


def test_lines_are_ordered_by_due_date_then_id() -> None:
    summary = summarise(
        item(5, due=date(2022, 9, 30)),
        item(4, due=date(2022, 8, 31)),
        item(2, due=date(2022, 9, 30)),
        item(9, due=date(2023, 3, 31)),
        item(8, due=date(2022, 12, 31)),
        item(7, due=None),
        item(3, due=None),
    )
    assert ids(summary, Section.OVERDUE) == [4, 2, 5]
    assert [line.days_overdue for line in summary.sections[Section.OVERDUE]] == [40, 10, 10]
    assert ids(summary, Section.NOT_YET_DUE) == [8, 9]
    assert ids(summary, Section.NO_DEADLINE) == [3, 7]


def test_discussion_lines_put_undated_actions_last() -> None:
    forum = "PROB"
    summary = summarise(
        item(1, due=None, forum=forum),
        item(2, due=date(2023, 1, 31), forum=forum),
        item(3, due=date(2022, 11, 30), forum=forum),
    )
    assert ids(summary, Section.FOR_DISCUSSION) == [3, 2, 1]


def test_totals_count_open_overdue_and_recently_closed() -> None:
    summary = summarise(
        item(1, due=date(2022, 8, 31)),
        item(2, due=date(2022, 9, 1), status="blocked"),
        item(3, due=MEETING),
        item(4, due=None),
        item(5, status="done", closed_at=at(date(2022, 7, 1))),
        item(6, status="dropped", closed_at=at(date(2022, 1, 1))),
    )
    assert summary.totals == Totals(open=4, overdue=2, closed_since_last=1)


# The Annex A of the letter of 20 July 2022, at the pack for the October meeting


AUGUST = (date(2022, 8, 1), date(2022, 8, 31))
OCTOBER = (date(2022, 10, 1), date(2022, 10, 31))
DMPC_AC = "For discussion at the DMPC-AC"


def annex_row(
    no: int, timing: str, window: tuple[date, date] | None, lead: str = "MPS", **fields: object
) -> ActionItem:
    start, end = window or (None, None)
    leads = ("MPS", "MOPAC") if lead == "MPS and MOPAC" else (lead,)
    row: dict[str, object] = dict(
        item_no=str(no), timing_raw=timing, due=end, due_from=start, leads=leads, latest_note=None
    )
    row.update(fields)
    return item(100 + no, **row)


def annex_a() -> tuple[ActionItem, ...]:
    return (
        annex_row(
            1, "October 2022", OCTOBER, forum=f"{DMPC_AC} Professionalism meeting in October."
        ),
        annex_row(
            2,
            "August 2022",
            AUGUST,
            forum="For discussion at the next DMPC-Chief of Corporate Services meeting.",
        ),
        annex_row(3, "August 2022", AUGUST, latest_note=note(date(2022, 9, 12), "List sent")),
        annex_row(
            4,
            "October 2022",
            OCTOBER,
            forum=f"{DMPC_AC} Frontline Policing meeting in October 2022",
        ),
        annex_row(5, "", None),
        annex_row(
            6, "August 2022", AUGUST, forum=f"{DMPC_AC} Frontline Policing meeting in August 2022."
        ),
        annex_row(7, "August 2022", AUGUST),
        annex_row(8, "August 2022", AUGUST),
        annex_row(
            9,
            "August/Sept 2022",
            (date(2022, 8, 1), date(2022, 9, 30)),
            forum="For discussion at the next DMPC-AC Professionalism meeting.",
        ),
        annex_row(10, "August 2022", AUGUST),
        annex_row(
            11,
            "December 2022",
            (date(2022, 12, 1), date(2022, 12, 31)),
            forum=f"{DMPC_AC} Professionalism meeting in December 2022.",
        ),
        annex_row(12, "", None, "MPS and MOPAC"),
        annex_row(
            13, "August 2022", AUGUST, forum=f"{DMPC_AC} Frontline Policing meeting in August 2022."
        ),
        annex_row(
            14,
            "Completed",
            None,
            status="done",
            closed_at=at(date(2022, 6, 27)),
            latest_note=note(date(2022, 6, 27), "SSO report provided"),
        ),
        annex_row(15, "", None, "MPS and MOPAC"),
    )


def test_annex_a_at_the_october_meeting() -> None:
    summary = summarise(*annex_a(), board_short_name=None)

    def numbers(section: Section) -> list[str | None]:
        return [line.item.item_no for line in summary.sections[section]]

    assert numbers(Section.OVERDUE) == ["2", "3", "6", "7", "8", "10", "13", "9"]
    assert numbers(Section.DUE_BY_MEETING) == ["1", "4"]
    assert numbers(Section.FOR_DISCUSSION) == []  # every forum names another meeting
    assert numbers(Section.CLOSED_SINCE) == ["14"]
    assert numbers(Section.NOT_YET_DUE) == ["11"]
    assert numbers(Section.NO_DEADLINE) == ["5", "12", "15"]
    assert summary.totals == Totals(open=14, overdue=8, closed_since_last=1)


def test_annex_a_overdue_lines_and_update_flags() -> None:
    summary = summarise(*annex_a())
    overdue = {line.item.item_no: line for line in summary.sections[Section.OVERDUE]}
    assert overdue["2"].days_overdue == 40
    assert overdue["9"].days_overdue == 10
    assert {line.held_over_since for line in overdue.values()} == {PREVIOUS}
    assert overdue["3"].no_update is False
    assert overdue["2"].no_update is True
    closed = summary.sections[Section.CLOSED_SINCE][0]
    assert closed.item.latest_note is not None
    assert closed.item.latest_note.text == "SSO report provided"
    assert closed.no_update is False


def test_annex_a_action_named_for_this_board_is_for_discussion() -> None:
    witness_care = annex_row(
        16, "", None, forum="To be discussed at our next Performance and Risk Oversight Board."
    )
    summary = summarise(*annex_a(), witness_care)
    assert ids(summary, Section.FOR_DISCUSSION) == [116]
    assert 116 not in ids(summary, Section.NO_DEADLINE)


def test_proposed_for_closure_is_its_own_section_until_the_board_decides() -> None:
    summary = summarise(
        # Said done long before the previous meeting: still the board's business.
        item(1, status="done", proposed=True, closed_at=at(date(2022, 5, 2))),
        item(2, status="done", proposed=True, closed_at=at(date(2022, 9, 14))),
        # Said done after this meeting: a matter for the next one.
        item(3, status="done", proposed=True, closed_at=at(date(2022, 10, 21))),
        item(4, status="done", closed_at=at(date(2022, 9, 14)), closed_by_board_on=MEETING),
    )
    assert [line.item.id for line in summary.sections[Section.PROPOSED_CLOSURE]] == [1, 2]
    assert [line.item.id for line in summary.sections[Section.CLOSED_SINCE]] == [4]
    assert summary.totals.proposed_closure == 2
    assert summary.totals.closed_since_last == 1
    assert not any(line.no_update for line in summary.lines())
