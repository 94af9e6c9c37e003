"""Wiring: build every service from the settings, once, at an entry point."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.access import Actor, SlackUser
from bot.actions.presses import PressService
from bot.actions.service import ActionService
from bot.boards.service import BoardService
from bot.calendar import WorkingCalendar
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.db.migrate import upgrade
from bot.db.session import make_engine, make_session_factory
from bot.home.service import HomeService
from bot.imports.service import ImportService
from bot.inbound.service import InboundService
from bot.leads.service import LeadService
from bot.models.boards import DeadlineChanges
from bot.reminders import cursors
from bot.reminders.policy import ReminderPolicy
from bot.reminders.ports import NoNotifier, Notifier
from bot.reminders.profiles import ProfileBook
from bot.reminders.rules import ReminderRules
from bot.reminders.service import ReminderService
from bot.reminders.snoozes import SnoozeService
from bot.stopping import Stopping
from bot.summaries.ports import NoPublisher, Publisher
from bot.summaries.service import SummaryService


@dataclass
class Services:
    settings: Settings
    clock: Clock
    engine: Engine
    sessions: sessionmaker[Session]
    actions: ActionService
    leads: LeadService
    imports: ImportService
    boards: BoardService
    summaries: SummaryService
    reminders: ReminderService
    inbound: InboundService
    snoozes: SnoozeService
    presses: PressService
    home: HomeService
    # The messaging port reminders go through (Slack, or the shell's printer).
    notifier: Notifier
    # Set when the process is asked to stop: scheduled sending begins nothing new and gives
    # back what it claimed and did not send (bot.stopping).
    stopping: Stopping

    def caller(self, user_id: str) -> SlackUser:
        """A Slack user for the services to act for; their rights are read when they act."""
        return SlackUser(user_id, frozenset(self.settings.secretary_user_ids))

    def rights(self, user_id: str) -> Actor:
        """The user's rights now, for what only shows them (help, the shell's prompt)."""
        with self.sessions.begin() as session:
            return self.caller(user_id).rights(session)


def build_services(
    settings: Settings,
    *,
    clock: Clock | None = None,
    engine: Engine | None = None,
    sessions: sessionmaker[Session] | None = None,
    migrate: bool = True,
    publisher: Publisher | None = None,
    notifier: Notifier | None = None,
) -> Services:
    """Everything the adapters need. `migrate` brings the database up to date first."""
    cursors.register()
    clock = clock or SystemClock()
    engine = engine or make_engine(settings.database_url.get_secret_value())
    if migrate:
        upgrade(engine)
    sessions = sessions or make_session_factory(engine)
    tz = ZoneInfo(settings.timezone)
    calendar = WorkingCalendar(settings.holiday_country, settings.holiday_subdivision)
    notifier = notifier or NoNotifier()
    stopping = Stopping()
    return Services(
        settings=settings,
        clock=clock,
        engine=engine,
        sessions=sessions,
        actions=ActionService(
            sessions,
            clock,
            tz,
            closure_needs_board=settings.closure_needs_board,
            deadline_changes=DeadlineChanges(settings.deadline_changes),
        ),
        leads=LeadService(sessions, clock),
        imports=ImportService(
            sessions,
            clock,
            tz,
            max_bytes=settings.import_max_bytes,
            max_rows=settings.import_max_rows,
        ),
        boards=BoardService(sessions, clock, tz, closure_needs_board=settings.closure_needs_board),
        summaries=SummaryService(
            sessions,
            clock,
            tz,
            publisher or NoPublisher(),
            calendar,
            summary_days_before=settings.summary_days_before,
            update_request_days_before=settings.update_request_days_before,
            secretary_ids=tuple(settings.secretary_user_ids),
            names=ProfileBook(sessions, notifier).names,
            marking=settings.document_marking,
            stopping=stopping,
        ),
        reminders=ReminderService(
            sessions,
            clock,
            policy=reminder_config(settings, calendar),
            notifier=notifier,
            max_attempts=settings.max_send_attempts,
            stopping=stopping,
        ),
        inbound=InboundService(sessions, clock),
        snoozes=SnoozeService(sessions, clock, tz, calendar),
        presses=PressService(sessions),
        # "Due soon" on the Home tab: from the earliest reminder before a deadline.
        home=HomeService(
            sessions, clock, tz, due_soon_days=max(settings.reminder_days_before, default=0)
        ),
        notifier=notifier,
        stopping=stopping,
    )


def reminder_config(settings: Settings, calendar: WorkingCalendar) -> ReminderPolicy:
    rules = ReminderRules(
        days_before=tuple(settings.reminder_days_before),
        overdue_repeat_days=settings.overdue_repeat_days,
        escalate_after_days=settings.escalate_after_days,
        send_time=settings.reminder_time,
    )
    return ReminderPolicy(
        rules=rules,
        calendar=calendar,
        default_tz=settings.timezone,
        secretary_ids=tuple(settings.secretary_user_ids),
    )
