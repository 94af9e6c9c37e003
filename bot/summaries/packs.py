"""One meeting's summary pack read from the database, for the asked-for and the scheduled sends."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.boards.repository import BoardRepository
from bot.models.boards import Board, Meeting
from bot.summaries.model import Summary, SummaryInput, build_summary
from bot.summaries.repository import SummaryRepository
from bot.timing import format_date


def meeting_pack(
    session: Session, board: Board, meeting: Meeting, today: date, tz: ZoneInfo
) -> Summary:
    """The summary for `meeting`, counted from the board's previous meeting (none cancelled)."""
    previous = BoardRepository(session).previous_meeting(board, meeting.date)
    data = SummaryInput(
        board_name=board.name,
        board_short_name=board.short_name,
        meeting=meeting.date,
        previous_meeting=previous.date if previous else None,
        today=today,
        items=tuple(SummaryRepository(session).items(board.id)),
        # A forum that names the meeting's date ("at the 20 October 2022 meeting") counts.
        forum_keywords=(format_date(meeting.date),),
        tz=tz,
    )
    return build_summary(data)
