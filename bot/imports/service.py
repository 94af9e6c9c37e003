"""Importing actions from letters and tables: preview, apply, and imports awaiting Confirm."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from bot.access import Caller
from bot.boards.repository import BoardRepository
from bot.clock import Clock
from bot.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from bot.imports.drafts import ACCEPTED_FORMATS, ImportFileError, ParsedDocument
from bot.imports.plan import ImportOptions, ImportPlan, ImportResult, plural
from bot.imports.planner import build_plan, survey_document
from bot.imports.repository import ImportRepository
from bot.imports.writer import write_plan
from bot.models.imports import PendingImport

# How long a preview can wait for its Confirm button.
PENDING_HOURS = 24
PENDING_LIFETIME = timedelta(hours=PENDING_HOURS)


class NothingToImport(InvalidInput):
    """The text or file holds no action table and no recommendation."""


class ProblemsFound(InvalidInput):
    """Some rows could not be read and the user did not ask to skip them."""


class PlanChanged(Conflict):
    """The database changed since the preview; `plan` is what importing would do now."""

    def __init__(self, plan: ImportPlan, token: str | None = None) -> None:
        super().__init__(
            "The actions changed since this preview (someone imported or edited them "
            "meanwhile), so nothing was written. Check the new preview and confirm again."
        )
        self.plan = plan
        self.token = token


@dataclass
class StagedImport:
    plan: ImportPlan
    # Carried by the Confirm button; None when there is nothing this user may confirm.
    token: str | None


# An oversight board agrees tens of actions a meeting; its whole log is hundreds.
DEFAULT_MAX_ROWS = 2_000


class ImportService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Clock,
        tz: ZoneInfo,
        *,
        max_bytes: int = 5_000_000,
        max_rows: int = DEFAULT_MAX_ROWS,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._tz = tz
        self.max_bytes = max_bytes
        self.max_rows = max_rows

    def today(self) -> date:
        return self._clock.now().astimezone(self._tz).date()

    def read_file(self, data: bytes, filename: str) -> ParsedDocument:
        from bot.imports.parse import parse_file  # Word and CSV readers: only when importing

        return self._within_rows(parse_file(data, filename, max_bytes=self.max_bytes))

    def read_text(self, text: str) -> ParsedDocument:
        if len(text.encode("utf-8")) > self.max_bytes:
            raise ImportFileError(
                f"This text is larger than {self.max_bytes:,} bytes, the most I can import at once."
            )
        from bot.imports.parse import parse_text

        return self._within_rows(parse_text(text))

    def _within_rows(self, document: ParsedDocument) -> ParsedDocument:
        """A whole action log is refused before anything is written, not half imported."""
        found = len(document.rows) + len(document.problems)
        if found > self.max_rows:
            raise ImportFileError(
                f"This file has {found:,} actions; one import takes at most {self.max_rows:,} "
                "(IMPORT_MAX_ROWS). Split it into files of that many rows or fewer and import "
                "each, or ask the bot's administrator to raise IMPORT_MAX_ROWS."
            )
        return document

    def survey_file(self, data: bytes, filename: str) -> ImportPlan:
        """What a file holds before its board is chosen, read row by row as its preview will
        be, so that the counts given before and in the preview are the same."""
        document = self.read_file(data, filename)
        with self._sessions.begin() as session:
            return survey_document(session, document, today=self.today())

    def board_names(self) -> list[str]:
        with self._sessions.begin() as session:
            return [board.name for board in BoardRepository(session).all()]

    def preview(
        self, document: ParsedDocument, options: ImportOptions, *, by: Caller
    ) -> ImportPlan:
        """What importing would do; anyone may preview."""
        self._within_rows(document)
        with self._sessions.begin() as session:
            return build_plan(session, document, options, by.rights(session), today=self.today())

    def apply(self, plan: ImportPlan, *, by: Caller, skip_problems: bool = False) -> ImportResult:
        """Write `plan` in one transaction, if planning again now gives the same plan."""
        with self._write() as session:
            fresh = build_plan(
                session,
                plan.document,
                plan.options,
                by.rights(session),
                today=self.today(),
                lock=True,
            )
            _check_may_write(fresh, skip_problems)
            if fresh.digest != plan.digest:
                raise PlanChanged(fresh)
            return write_plan(session, fresh, by.user_id, self._clock.now())

    def stage(
        self,
        by: Caller,
        options: ImportOptions,
        *,
        text: str | None = None,
        data: bytes | None = None,
        filename: str | None = None,
    ) -> StagedImport:
        """Preview pasted text or a file, keeping it for Confirm when the user may import it."""
        if data is not None:
            document, content, name = self.read_file(data, filename or ""), data, filename or ""
        else:
            document, content, name = self.read_text(text or ""), (text or "").encode(), None
        now = self._clock.now()
        with self._sessions.begin() as session:
            plan = build_plan(session, document, options, by.rights(session), today=self.today())
            if plan.found_nothing:
                raise NothingToImport(f"{document.summary()} {ACCEPTED_FORMATS}")
            if not (plan.may_apply and plan.has_changes):
                return StagedImport(plan, None)
            repo = ImportRepository(session)
            repo.purge_expired(now)
            token = secrets.token_urlsafe(24)
            repo.add_pending(
                PendingImport(
                    token=token,
                    user_id=by.user_id,
                    board=options.board,
                    meeting_date=options.meeting_date,
                    source_ref=options.source_ref,
                    default_lead=options.default_lead,
                    filename=name,
                    content=content,
                    plan_digest=plan.digest,
                    created_at=now,
                    expires_at=now + PENDING_LIFETIME,
                )
            )
            return StagedImport(plan, token)

    def confirm(self, token: str, *, by: Caller) -> ImportResult:
        """Import what the user previewed; rows that could not be read are skipped, as shown."""
        try:
            with self._write() as session:
                repo = ImportRepository(session)
                pending = self._pending(repo, token, by)
                plan = build_plan(
                    session,
                    self._document(pending),
                    _options(pending),
                    by.rights(session),
                    today=self.today(),
                    lock=True,
                )
                _check_may_write(plan, skip_problems=True)
                if plan.digest != pending.plan_digest:
                    raise PlanChanged(plan)
                result = write_plan(session, plan, by.user_id, self._clock.now())
                repo.delete_pending(pending)
                return result
        except PlanChanged as changed:
            changed.token = self._restage(token, changed.plan)
            raise

    def cancel(self, token: str, *, by: Caller) -> None:
        with self._sessions.begin() as session:
            repo = ImportRepository(session)
            repo.delete_pending(self._pending(repo, token, by))

    def _pending(self, repo: ImportRepository, token: str, actor: Caller) -> PendingImport:
        pending = repo.pending(token, lock=True)
        if pending is None or pending.expires_at <= self._clock.now():
            raise NotFound(
                "This import was already confirmed or cancelled, or its preview "
                f"expired (previews last {PENDING_HOURS} hours). Nothing more was "
                "written; start again with `/actions import`."
            )
        if pending.user_id != actor.user_id:
            raise PermissionDenied("Only the person who previewed this import can confirm it.")
        return pending

    def _document(self, pending: PendingImport) -> ParsedDocument:
        if pending.filename is None:
            return self.read_text(pending.content.decode("utf-8"))
        return self.read_file(pending.content, pending.filename)

    def _restage(self, token: str, plan: ImportPlan) -> str | None:
        """Keep the pending import for the new preview, or drop it if nothing is left to do."""
        with self._sessions.begin() as session:
            repo = ImportRepository(session)
            pending = repo.pending(token, lock=True)
            if pending is None:
                return None
            if not plan.has_changes:
                repo.delete_pending(pending)
                return None
            pending.plan_digest = plan.digest
            return token

    @contextmanager
    def _write(self) -> Iterator[Session]:
        try:
            with self._sessions.begin() as session:
                yield session
        except (StaleDataError, IntegrityError) as exc:
            raise Conflict(
                "Someone else changed these actions at the same moment, so nothing "
                "was imported. Preview the import again."
            ) from exc


def _options(pending: PendingImport) -> ImportOptions:
    return ImportOptions(
        pending.board, pending.meeting_date, pending.source_ref, pending.default_lead
    )


def _check_may_write(plan: ImportPlan, skip_problems: bool) -> None:
    if not plan.may_apply:
        raise PermissionDenied(plan.refusal or "You may not import into this board.")
    if plan.found_nothing:
        raise NothingToImport(f"{plan.document.summary()} {ACCEPTED_FORMATS}")
    problems = len(plan.problems)
    if problems and not skip_problems:
        raise ProblemsFound(
            f"{plural(problems, 'row')} could not be read, so nothing was "
            "imported. Fix them, or import the other rows and skip those."
        )
