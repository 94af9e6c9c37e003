"""The matters-arising summary from the database: build, post, upload, and the scheduled sends."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.access import Actor, Caller
from bot.boards.repository import BoardRepository
from bot.boards.service import choose_board
from bot.clock import Clock
from bot.errors import InvalidInput, NotFound, PermissionDenied
from bot.models.boards import Board, Meeting, PostKind
from bot.summaries import formatting
from bot.summaries.claims import CHANNEL, ClaimRepository, PostKey
from bot.summaries.exporters import export
from bot.summaries.model import ActionItem, Summary, SummaryInput, build_summary
from bot.summaries.ports import (
    FileUpload,
    Publisher,
    PublishError,
    Recipient,
    UpdateRequest,
)
from bot.summaries.repository import SummaryRepository
from bot.summaries.schedule import Calendar, is_due, look_ahead
from bot.timing import format_date

log = logging.getLogger(__name__)


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
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._tz = tz
        self._publisher = publisher
        self._calendar = calendar
        self._summary_days = summary_days_before
        self._update_days = update_request_days_before

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
        content, filename, mimetype = export(summary, fmt)
        title = f"Matters arising: {summary.input.board_name}, {format_date(summary.input.meeting)}"
        return summary, FileUpload(
            content, filename, title, mimetype, comment=formatting.totals_text(summary)
        )

    def post_due_summaries(self) -> int:
        """Post each summary that is due to its board's channel, once per meeting."""
        posted = 0
        for board_id, meeting_id in self._due(self._summary_days, on_meeting_day=True):
            with self._sessions.begin() as session:
                board, _ = _rows(session, board_id, meeting_id)
                channel, name = board.channel_id, board.name
                settled = ClaimRepository(session).settled(PostKind.SUMMARY, meeting_id)
            if CHANNEL in settled:
                continue
            if not channel:
                log.info("board %s has no channel; its summary waits for one", name)
                continue
            key = PostKey(PostKind.SUMMARY, board_id, meeting_id, CHANNEL)
            posted += self._send_claimed(key, partial(self._post_summary, meeting_id, channel))
        return posted

    def send_update_requests(self) -> int:
        """Ask each lead's people, once per meeting, for an update on their open actions."""
        sent = 0
        for board_id, meeting_id in self._due(self._update_days, on_meeting_day=False):
            with self._sessions.begin() as session:
                requests = self._update_requests(session, *_rows(session, board_id, meeting_id))
                settled = ClaimRepository(session).settled(PostKind.UPDATE_REQUEST, meeting_id)
            for request in (r for r in requests if r.user_id not in settled):
                key = PostKey(PostKind.UPDATE_REQUEST, board_id, meeting_id, request.user_id)
                to = Recipient(user_id=request.user_id)
                sent += self._send_claimed(key, partial(self._publisher.post, to, request))
        return sent

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
        previous = repo.previous_meeting(board, meeting.date)
        data = SummaryInput(
            board_name=board.name,
            board_short_name=board.short_name,
            meeting=meeting.date,
            previous_meeting=previous.date if previous else None,
            today=today,
            items=tuple(SummaryRepository(session).items(board.id)),
            # A forum that names the meeting's date ("at the 20 October 2022 meeting") counts.
            forum_keywords=(format_date(meeting.date),),
            tz=self._tz,
        )
        return build_summary(data)

    def _post_summary(self, meeting_id: int, channel: str) -> int:
        with self._sessions.begin() as session:
            meeting = BoardRepository(session).meeting(meeting_id)
            assert meeting is not None
            summary = self._summary(session, meeting.board, meeting.date)
        return self._publisher.post(Recipient(channel_id=channel), summary)

    def _update_requests(
        self, session: Session, board: Board, meeting: Meeting
    ) -> list[UpdateRequest]:
        repo = SummaryRepository(session)
        items = repo.items(board.id, open_only=True)
        users = repo.users_by_action([item.id for item in items])
        by_user: dict[str, list[ActionItem]] = defaultdict(list)
        for item in items:
            for user_id in users.get(item.id, []):
                by_user[user_id].append(item)
        today = self.today()
        return [
            UpdateRequest(board.name, meeting.date, user_id, tuple(mine), today, self._tz)
            for user_id, mine in sorted(by_user.items())
        ]

    def _due(self, days_before: int, *, on_meeting_day: bool) -> list[tuple[int, int]]:
        if days_before <= 0:
            return []
        now = self._clock.now().astimezone(self._tz)
        today = now.date()
        with self._sessions.begin() as session:
            repo = BoardRepository(session)
            for board in repo.with_rules():
                repo.extend_rule(board, today)
            meetings = repo.meetings_between(today, today + look_ahead(days_before))
            return [
                (m.board_id, m.id)
                for m in meetings
                if is_due(now, m.date, days_before, self._calendar, on_meeting_day=on_meeting_day)
            ]

    def _send_claimed(self, key: PostKey, send: Callable[[], object]) -> int:
        """Claim, send, record: 1 when this call sent it, 0 when it was someone else's."""
        claim = self._claim(key)
        if claim is None:
            return 0
        error, retry = None, True
        try:
            send()
        except PublishError as exc:
            error, retry = exc.user_message, exc.retry
            log.warning("scheduled %s for %s failed: %s", key.kind, key.recipient, error)
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
            log.exception("scheduled %s for %s failed", key.kind, key.recipient)
        with self._sessions.begin() as session:
            ClaimRepository(session).finish(claim, self._clock.now(), error=error, retry=retry)
        return 0 if error else 1

    def _claim(self, key: PostKey) -> int | None:
        now = self._clock.now()
        try:
            with self._sessions.begin() as session:
                return ClaimRepository(session).insert(key, now)
        except IntegrityError:
            pass  # already claimed: by another scheduler, or by an earlier attempt
        with self._sessions.begin() as session:
            return ClaimRepository(session).retake(key, now)


def _rows(session: Session, board_id: int, meeting_id: int) -> tuple[Board, Meeting]:
    repo = BoardRepository(session)
    board, meeting = repo.get(board_id), repo.meeting(meeting_id)
    assert board is not None and meeting is not None
    return board, meeting


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
