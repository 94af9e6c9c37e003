"""The matters-arising summary from the database: build, post, upload, and the scheduled sends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bot.access import Actor, Caller
from bot.boards.repository import BoardRepository
from bot.boards.service import choose_board
from bot.clock import Clock
from bot.errors import InvalidInput, NotFound, PermissionDenied
from bot.models.boards import Board, Meeting, PostKind
from bot.stopping import Stopping
from bot.summaries import formatting
from bot.summaries.exporters import export
from bot.summaries.model import Summary
from bot.summaries.names import NameLookup, name_writers
from bot.summaries.packs import meeting_pack
from bot.summaries.ports import (
    FileUpload,
    Publisher,
    Recipient,
)
from bot.summaries.schedule import Calendar
from bot.summaries.scheduled import PostSettings, ScheduledPosts
from bot.timing import format_date


@dataclass(frozen=True)
class Delivery:
    """What was sent where: `recipient` is the board's channel or the requester's DM."""

    summary: Summary
    recipient: Recipient
    messages: int = 0
    filename: str | None = None


class SummaryService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Clock,
        tz: ZoneInfo,
        publisher: Publisher,
        calendar: Calendar,
        *,
        summary_days_before: int,
        update_request_days_before: int,
        secretary_ids: tuple[str, ...] = (),
        names: NameLookup | None = None,
        marking: str = "OFFICIAL",
        stopping: Stopping | None = None,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._tz = tz
        self._publisher = publisher
        self._names, self._marking = names, marking
        settings = PostSettings(summary_days_before, update_request_days_before, secretary_ids)
        self.scheduled = ScheduledPosts(
            sessions, clock, tz, publisher, calendar, settings, stopping
        )

    def today(self) -> date:
        return self._clock.now().astimezone(self._tz).date()

    def build(
        self, board: str | None = None, *, meeting: date | None = None, by: Caller | None = None
    ) -> Summary:
        """The pack for the board's next meeting, or for the meeting on `meeting`."""
        with self._sessions.begin() as session:
            actor = by.rights(session) if by is not None else None
            return self._summary(session, choose_board(session, board, actor), meeting)

    def export(
        self,
        board: str | None = None,
        *,
        fmt: str,
        meeting: date | None = None,
        by: Caller | None = None,
    ) -> tuple[Summary, FileUpload]:
        """The pack as a file: md, csv or docx."""
        return self._file(self.build(board, meeting=meeting, by=by), fmt)

    def post(
        self, by: Caller, board: str | None = None, *, meeting: date | None = None
    ) -> Delivery:
        """Post the summary to the board's channel (board secretaries only)."""
        with self._sessions.begin() as session:
            actor = by.rights(session)
            found = choose_board(session, board, actor)
            channel = _postable_channel(actor, found)
            summary = self._summary(session, found, meeting)
        to = Recipient(channel_id=channel)
        return Delivery(summary, to, messages=self._publisher.post(to, summary))

    def send_privately(self, by: Caller, board_id: int) -> Delivery:
        """Send the board's summary for its next meeting to the requester by direct message."""
        with self._sessions.begin() as session:
            found = BoardRepository(session).get(board_id)
            if found is None:
                raise NotFound(
                    "That board no longer exists, so there is no summary to send. "
                    "`/actions boards` lists the boards."
                )
            summary = self._summary(session, found, None)
        to = Recipient(user_id=by.user_id)
        return Delivery(summary, to, messages=self._publisher.post(to, summary))

    def send_file(
        self,
        by: Caller,
        board: str | None = None,
        *,
        fmt: str,
        meeting: date | None = None,
        to_channel: bool,
    ) -> Delivery:
        """Upload the summary as a file to the board's channel, or to the requester's DM."""
        with self._sessions.begin() as session:
            actor = by.rights(session)
            found = choose_board(session, board, actor)
            to = (
                Recipient(channel_id=_postable_channel(actor, found))
                if to_channel
                else Recipient(user_id=by.user_id)
            )
            summary = self._summary(session, found, meeting)
        summary, upload = self._file(summary, fmt)
        self._publisher.upload(to, upload)
        return Delivery(summary, to, filename=upload.filename)

    def _file(self, summary: Summary, fmt: str) -> tuple[Summary, FileUpload]:
        # Files name people (Slack may be asked); messages mention them and Slack names them.
        summary = name_writers(summary, self._sessions, self._names, self._clock.now())
        content, filename, mimetype = export(summary, fmt, marking=self._marking)
        title = f"Matters arising: {summary.input.board_name}, {format_date(summary.input.meeting)}"
        return summary, FileUpload(
            content, filename, title, mimetype, comment=formatting.totals_text(summary)
        )

    def post_due_summaries(self) -> int:
        """Post each summary that is due, once per meeting and recipient; how many were sent."""
        return len(self.scheduled.run(PostKind.SUMMARY).sent)

    def send_update_requests(self) -> int:
        """Ask each lead's people, once per meeting, for an update on their open actions."""
        return len(self.scheduled.run(PostKind.UPDATE_REQUEST).sent)

    def _summary(self, session: Session, board: Board, day: date | None) -> Summary:
        repo = BoardRepository(session)
        today = self.today()
        repo.extend_rule(board, today)
        meeting = (
            repo.next_meeting(board, today) if day is None else _meeting_on(repo, board, day, today)
        )
        if meeting is None:
            raise NotFound(
                f"{board.name} has no upcoming meeting. Add one with `/actions meeting "
                f"{_quoted(board.label)} <date>`, or name a past one with for:<date>."
            )
        return meeting_pack(session, board, meeting, today, self._tz)


def _meeting_on(repo: BoardRepository, board: Board, day: date, today: date) -> Meeting:
    repo.extend_rule(board, max(day, today))
    meeting = repo.meeting_on(board, day)
    if meeting is None or meeting.cancelled:
        upcoming = ", ".join(format_date(m.date) for m in repo.upcoming(board, today)[:3])
        hint = f" Its next meetings: {upcoming}." if upcoming else ""
        state = "a cancelled meeting" if meeting is not None else "no meeting"
        raise NotFound(
            f"{board.name} has {state} on {format_date(day)}.{hint} "
            f"`/actions meetings {_quoted(board.label)}` lists them."
        )
    return meeting


def _postable_channel(actor: Actor, board: Board) -> str:
    if not actor.manages(board.id):
        raise PermissionDenied(
            f"Only a secretary of {board.name} can post its summary. Leave "
            "out post to see it yourself."
        )
    if not board.channel_id:
        raise InvalidInput(
            f"{board.name} has no channel to post to. A secretary can set one "
            f"with `/actions board set {_quoted(board.label)} channel:#channel`."
        )
    return board.channel_id


def _quoted(name: str) -> str:
    return f'"{name}"' if " " in name else name
