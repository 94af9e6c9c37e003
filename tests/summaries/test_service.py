"""The summary built from the database, and posting or sending it, with a recording publisher."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.actions.service import Actor, NewAction
from bot.errors import InvalidInput, NotFound, PermissionDenied
from bot.leads.service import LeadRef
from bot.models.actions import Status
from bot.summaries.model import Section
from bot.summaries.ports import Recipient
from tests.annex_a import BOARD, NEXT_MEETING, SECRETARY, add_annex_a

OCTOBER_10 = datetime(2022, 10, 10, 9, tzinfo=UTC)


@pytest.fixture
def annex(services, clock):  # type: ignore[no-untyped-def]
    clock.set(datetime(2022, 7, 20, 12, tzinfo=UTC))
    ids = add_annex_a(services, with_next_meeting=True)
    services.boards.change(
        SECRETARY, BOARD, short_name="PROB", channel_id="C0PROB", secretaries=["UBSEC"]
    )
    return ids


def numbers(summary, section: Section) -> list[str | None]:  # type: ignore[no-untyped-def]
    return [line.item.item_no for line in summary.sections[section]]


def test_the_october_pack_from_the_database(services, clock, annex) -> None:  # type: ignore[no-untyped-def]
    clock.set(OCTOBER_10)
    summary = services.summaries.build("PROB")
    data = summary.input
    assert (data.meeting, data.previous_meeting, data.today) == (
        NEXT_MEETING,
        date(2022, 6, 24),
        date(2022, 10, 10),
    )
    assert numbers(summary, Section.OVERDUE) == ["2", "3", "6", "7", "8", "10", "13", "9"]
    assert numbers(summary, Section.DUE_BY_MEETING) == ["1", "4"]
    assert numbers(summary, Section.CLOSED_SINCE) == ["14"]
    assert numbers(summary, Section.NOT_YET_DUE) == ["11"]
    assert numbers(summary, Section.NO_DEADLINE) == ["5", "12", "15"]
    first = summary.sections[Section.DUE_BY_MEETING][0].item
    assert (first.due_from, first.due, first.origin_meeting) == (
        date(2022, 10, 1),
        date(2022, 10, 31),
        date(2022, 6, 24),
    )
    assert summary.sections[Section.NO_DEADLINE][1].item.leads == ("MPS", "MOPAC")


def test_latest_note_and_closing_time_come_from_the_history(services, clock, annex) -> None:  # type: ignore[no-untyped-def]
    lead_user = Actor("USEC", is_secretary=True)
    clock.set(datetime(2022, 9, 1, 9, tzinfo=UTC))
    services.actions.update(lead_user, annex["3"], note="First list sent")
    clock.set(datetime(2022, 9, 12, 9, tzinfo=UTC))
    services.actions.update(lead_user, annex["3"], status=Status.IN_PROGRESS, note="Final list due")
    services.actions.update(lead_user, annex["7"], status=Status.IN_PROGRESS)  # no note
    clock.set(datetime(2022, 9, 20, 9, tzinfo=UTC))
    services.actions.set_status(
        lead_user, annex["10"], Status.DONE, note="Discussed on 19 September"
    )
    clock.set(OCTOBER_10)
    summary = services.summaries.build(BOARD)
    lines = {line.item.item_no: line for line in summary.lines()}
    note = lines["3"].item.latest_note
    assert note is not None and (note.text, note.at.date()) == ("Final list due", date(2022, 9, 12))
    assert not lines["3"].no_update
    assert lines["7"].no_update and lines["7"].item.latest_note is None
    closed = lines["10"]
    assert closed.section is Section.CLOSED_SINCE
    assert closed.item.closed_at == datetime(2022, 9, 20, 9, tzinfo=UTC)
    assert closed.item.latest_note.text == "Discussed on 19 September"
    # Added as completed: closed when added, and the bot's own remark is not an update.
    assert lines["14"].item.closed_at == datetime(2022, 7, 20, 12, tzinfo=UTC)
    assert lines["14"].item.latest_note is None


def test_a_forum_naming_the_board_puts_it_up_for_discussion(services, clock, annex) -> None:  # type: ignore[no-untyped-def]
    services.actions.add(
        SECRETARY,
        NewAction(
            "Report on the Witness Care Units review",
            [LeadRef(name="MPS")],
            board="PROB",
            forum="For discussion at the next Performance and Risk Oversight Board",
        ),
    )
    services.actions.add(
        SECRETARY,
        NewAction(
            "Victims data",
            [LeadRef(name="MPS")],
            board="PROB",
            forum="At the 20 October 2022 meeting",
        ),
    )
    clock.set(OCTOBER_10)
    summary = services.summaries.build("PROB")
    found = [line.item.description for line in summary.sections[Section.FOR_DISCUSSION]]
    assert found == ["Report on the Witness Care Units review", "Victims data"]


def test_a_named_meeting_and_missing_meetings(services, clock, annex) -> None:  # type: ignore[no-untyped-def]
    clock.set(OCTOBER_10)
    past = services.summaries.build("PROB", meeting=date(2022, 6, 24))
    assert past.input.previous_meeting is None
    with pytest.raises(NotFound, match=r"no meeting on 21 October 2022.*20 October 2022"):
        services.summaries.build("PROB", meeting=date(2022, 10, 21))
    clock.set(datetime(2022, 11, 1, 9, tzinfo=UTC))
    with pytest.raises(NotFound, match="has no upcoming meeting"):
        services.summaries.build("PROB")


def test_post_goes_to_the_boards_channel_for_its_secretaries(
    services,
    clock,
    annex,  # type: ignore[no-untyped-def]
    publisher,
) -> None:
    clock.set(OCTOBER_10)
    delivery = services.summaries.post(services.caller("UBSEC"), "PROB")
    assert delivery.recipient == Recipient(channel_id="C0PROB")
    [(to, content)] = publisher.posts
    assert to == Recipient(channel_id="C0PROB") and content.input.meeting == NEXT_MEETING
    with pytest.raises(PermissionDenied, match="Only a secretary of"):
        services.summaries.post(Actor("UNOBODY", is_secretary=False), "PROB")
    services.boards.change(SECRETARY, "PROB", channel_id=None)
    with pytest.raises(InvalidInput, match="has no channel"):
        services.summaries.post(SECRETARY, "PROB")
    assert len(publisher.posts) == 1


def test_files_go_to_the_requesters_dm_or_the_channel(services, clock, annex, publisher) -> None:  # type: ignore[no-untyped-def]
    clock.set(OCTOBER_10)
    anyone = Actor("UANY", is_secretary=False)
    sent = services.summaries.send_file(anyone, "PROB", fmt="csv", to_channel=False)
    assert sent.filename == "matters-arising-prob-2022-10-20.csv"
    services.summaries.send_file(services.caller("UBSEC"), "PROB", fmt="docx", to_channel=True)
    [(dm, csv_file), (channel, docx_file)] = publisher.uploads
    assert dm == Recipient(user_id="UANY") and channel == Recipient(channel_id="C0PROB")
    assert csv_file.content.startswith(b"\xef\xbb\xbf")
    assert docx_file.content.startswith(b"PK")
    assert docx_file.comment.startswith("Open: 14. Overdue: 8.")
    with pytest.raises(PermissionDenied):
        services.summaries.send_file(anyone, "PROB", fmt="md", to_channel=True)
