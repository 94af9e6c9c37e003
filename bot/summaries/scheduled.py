"""Scheduled summaries and update requests: what is due and to whom, each claimed once and sent.

A summary goes to its board's channel; for a board without one it goes by direct message, as
escalations do, to the board's secretaries, else to SECRETARY_USER_IDS. Every post is claimed
per recipient in the database first (bot/summaries/claims.py), so a retry, a restart or a second
scheduler never sends one twice. A dry run plans in a transaction that is rolled back: it sends,
claims and writes nothing.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.boards.repository import BoardRepository
from bot.clock import Clock
from bot.models.boards import Board, Meeting, PostKind
from bot.stopping import SendingStopped, Stopping
from bot.summaries.claims import CHANNEL, ClaimRepository, PostKey
from bot.summaries.model import ActionItem
from bot.summaries.packs import meeting_pack
from bot.summaries.ports import (
    ForwardedSummary,
    Postable,
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
class PlannedPost:
    key: PostKey
    board_name: str
    meeting: date
    to: Recipient
    content: Postable
    # Why a summary goes to a person instead of the board's channel; empty for the channel.
    reason: str = ""


@dataclass
class PostRun:
    """What one run sent (or, in a dry run, would send), what failed, and what had nowhere to go
    (a message saying what to set, by meeting id)."""

    kind: PostKind
    now: datetime
    dry_run: bool
    sent: list[PlannedPost] = field(default_factory=list)
    failed: list[tuple[PlannedPost, str]] = field(default_factory=list)
    nobody: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PostSettings:
    summary_days_before: int
    update_request_days_before: int
    # SECRETARY_USER_IDS: who hears of a board that has neither a channel nor secretaries.
    secretary_ids: tuple[str, ...] = ()


class ScheduledPosts:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Clock,
        tz: ZoneInfo,
        publisher: Publisher,
        calendar: Calendar,
        settings: PostSettings,
        stopping: Stopping | None = None,
    ) -> None:
        self._sessions = sessions
        self._stopping = stopping or Stopping()
        self._clock = clock
        self._tz = tz
        self._publisher = publisher
        self._calendar = calendar
        self._settings = settings
        # Meetings whose "nobody to send it to" has been logged: once a process, not every run.
        self._warned: set[int] = set()

    def run(self, kind: PostKind, *, now: datetime | None = None, dry_run: bool = False) -> PostRun:
        """Send every post of `kind` that is due at `now` (default: the clock), once each; or,
        with `dry_run`, only say what would go."""
        run = PostRun(kind, (now or self._clock.now()).astimezone(self._tz), dry_run)
        if dry_run:
            with self._sessions() as session:
                try:
                    return self._plan(session, run)
                finally:
                    session.rollback()
        with self._sessions.begin() as session:
            self._plan(session, run)
        for meeting_id, message in run.nobody.items():
            if meeting_id not in self._warned:
                self._warned.add(meeting_id)
                log.warning("%s", message)
        planned, run.sent = run.sent, []
        for post in planned:
            if self._stopping.is_set():
                break  # the process is stopping: the rest were not claimed; the next run sends them
            sent, error = self._send_claimed(post)
            if sent:
                run.sent.append(post)
            elif error is not None:
                run.failed.append((post, error))
        return run

    def _plan(self, session: Session, run: PostRun) -> PostRun:
        kind = run.kind
        claims = ClaimRepository(session)
        for board, meeting in self._due(session, kind, run.now):
            settled = claims.settled(kind, meeting.id)
            if kind == PostKind.SUMMARY:
                self._plan_summary(session, run, board, meeting, settled)
            else:
                for request in self._update_requests(session, board, meeting, run.now):
                    if request.user_id not in settled:
                        key = PostKey(kind, board.id, meeting.id, request.user_id)
                        to = Recipient(user_id=request.user_id)
                        run.sent.append(PlannedPost(key, board.name, meeting.date, to, request))
        return run

    def _plan_summary(
        self, session: Session, run: PostRun, board: Board, meeting: Meeting, settled: set[str]
    ) -> None:
        targets, reason = summary_targets(board, self._settings.secretary_ids)
        if not targets:
            run.nobody[meeting.id] = nobody_message(board, meeting.date)
            return
        todo = [(name, to) for name, to in targets if name not in settled]
        if not todo:
            return
        summary = meeting_pack(session, board, meeting, run.now.date(), self._tz)
        content: Postable = summary
        if reason:
            content = ForwardedSummary(summary, forwarded_note(board, meeting.date))
        for name, to in todo:
            key = PostKey(PostKind.SUMMARY, board.id, meeting.id, name)
            run.sent.append(PlannedPost(key, board.name, meeting.date, to, content, reason))

    def _update_requests(
        self, session: Session, board: Board, meeting: Meeting, now: datetime
    ) -> list[UpdateRequest]:
        repo = SummaryRepository(session)
        items = repo.items(board.id, open_only=True)
        users = repo.users_by_action([item.id for item in items])
        by_user: dict[str, list[ActionItem]] = defaultdict(list)
        for item in items:
            for user_id in users.get(item.id, []):
                by_user[user_id].append(item)
        today = now.date()
        return [
            UpdateRequest(board.name, meeting.date, user_id, tuple(mine), today, self._tz)
            for user_id, mine in sorted(by_user.items())
        ]

    def _due(self, session: Session, kind: PostKind, now: datetime) -> list[tuple[Board, Meeting]]:
        summary = kind == PostKind.SUMMARY
        s = self._settings
        days_before = s.summary_days_before if summary else s.update_request_days_before
        if days_before <= 0:
            return []
        today = now.date()
        repo = BoardRepository(session)
        for board in repo.with_rules():
            repo.extend_rule(board, today)
        return [
            (m.board, m)
            for m in repo.meetings_between(today, today + look_ahead(days_before))
            if is_due(now, m.date, days_before, self._calendar, on_meeting_day=summary)
        ]

    def _send_claimed(self, post: PlannedPost) -> tuple[bool, str | None]:
        """Claim, send, record: (True, None) when this call sent it, (False, None) when it was
        someone else's to send, (False, error) when sending failed."""
        key = post.key
        claim = self._claim(key)
        if claim is None:
            return False, None
        error, retry = None, True
        try:
            self._publisher.post(post.to, post.content)
        except PublishError as exc:
            error, retry = exc.user_message, exc.retry
            log.warning("scheduled %s for %s failed: %s", key.kind, key.recipient, error)
        except SendingStopped:
            error = "not sent: the process stopped first"  # the next run sends it
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
            log.exception("scheduled %s for %s failed", key.kind, key.recipient)
        with self._sessions.begin() as session:
            ClaimRepository(session).finish(claim, self._clock.now(), error=error, retry=retry)
        return error is None, error

    def _claim(self, key: PostKey) -> int | None:
        now = self._clock.now()
        try:
            with self._sessions.begin() as session:
                return ClaimRepository(session).insert(key, now)
        except IntegrityError:
            pass  # already claimed: by another scheduler, or by an earlier attempt
        with self._sessions.begin() as session:
            return ClaimRepository(session).retake(key, now)


def summary_targets(
    board: Board, everyone: tuple[str, ...]
) -> tuple[list[tuple[str, Recipient]], str]:
    """(claim recipient, where) for the board's channel; else each of its secretaries by direct
    message; else each of SECRETARY_USER_IDS. With the reason a person is sent it."""
    if board.channel_id:
        return [(CHANNEL, Recipient(channel_id=board.channel_id))], ""
    if board.secretary_ids:
        people, reason = board.secretary_ids, f"{board.label} has no channel"
    else:
        people = list(everyone)
        reason = f"{board.label} has no channel or secretaries of its own"
    return [(user, Recipient(user_id=user)) for user in people], reason


def forwarded_note(board: Board, meeting: date) -> str:
    """What a person sent a board's summary by direct message is told: why, and how to change it."""
    whom = (
        "a secretary of the board"
        if board.secretary_ids
        else "a secretary of every board (it has no secretaries of its own)"
    )
    return (
        f"{board.name} has no channel, so its summary for the meeting of "
        f"{format_date(meeting)} comes to you as {whom}. A secretary of every board can give "
        f"it one with `/actions board set {_quoted(board.label)} channel:#channel`."
    )


def nobody_message(board: Board, meeting: date) -> str:
    label = _quoted(board.label)
    return (
        f"The summary of {board.name} for {format_date(meeting)} has nobody to go to: the board "
        "has no channel and no secretaries, and SECRETARY_USER_IDS is empty. Give the board a "
        f"channel (`/actions board set {label} channel:#channel`) or secretaries "
        "(`secretary:@user`), or set SECRETARY_USER_IDS."
    )


def _quoted(name: str) -> str:
    return f'"{name}"' if " " in name else name
