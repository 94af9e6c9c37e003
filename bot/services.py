"""Wiring: build every service from the settings, once, at an entry point."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from bot.actions.service import ActionService, Actor
from bot.boards.repository import BoardRepository
from bot.boards.service import BoardService
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.db.migrate import upgrade
from bot.db.session import make_engine, make_session_factory
from bot.leads.service import LeadService
from bot.reminders.calendar import WorkingCalendar
from bot.summaries.ports import NoPublisher, Publisher
from bot.summaries.service import SummaryService


@dataclass
class Services:
    settings: Settings
    clock: Clock
    engine: Engine
    sessions: sessionmaker
    actions: ActionService
    leads: LeadService
    boards: BoardService
    summaries: SummaryService

    def actor(self, user_id: str) -> Actor:
        """The user's rights: every board's secretary, some boards' secretary, or neither."""
        secretaries = self.settings.secretary_user_ids
        with self.sessions.begin() as session:
            boards = BoardRepository(session).boards_of_secretary(user_id)
        return Actor(user_id=user_id, is_secretary=not secretaries or user_id in secretaries,
                     secretary_of=boards)


def build_services(
    settings: Settings,
    *,
    clock: Clock | None = None,
    engine: Engine | None = None,
    sessions: sessionmaker | None = None,
    migrate: bool = True,
    publisher: Publisher | None = None,
) -> Services:
    """Everything the adapters need. `migrate` brings the database up to date first."""
    clock = clock or SystemClock()
    engine = engine or make_engine(settings.database_url.get_secret_value())
    if migrate:
        upgrade(engine)
    sessions = sessions or make_session_factory(engine)
    tz = ZoneInfo(settings.timezone)
    return Services(
        settings=settings,
        clock=clock,
        engine=engine,
        sessions=sessions,
        actions=ActionService(sessions, clock, tz),
        leads=LeadService(sessions, clock),
        boards=BoardService(sessions, clock, tz),
        summaries=SummaryService(
            sessions, clock, tz, publisher or NoPublisher(), WorkingCalendar(),
            summary_days_before=settings.summary_days_before,
            update_request_days_before=settings.update_request_days_before,
        ),
    )
