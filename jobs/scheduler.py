"""The one registry of scheduled jobs, and the APScheduler 3.x scheduler that runs them.

The database, not the job store, is the source of truth: every job claims its work with a unique
key, so two schedulers (or a job overlapping itself) never send anything twice. Job stores are
therefore in memory; a restart loses nothing because the jobs read what is due from the database.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.config import Settings
from bot.services import Services
from bot.stopping import stop_on_signals
from jobs import reminders, summaries


@dataclass(frozen=True)
class JobSpec:
    id: str
    func: Callable[[Services], object]
    trigger: BaseTrigger
    # Seconds a run may start late (a busy process, a suspended laptop) before it is dropped;
    # APScheduler's default of 1 s would silently drop runs.
    misfire_grace_time: int
    # Several missed runs become one: every job reads what is due now, so one run catches up.
    coalesce: bool = True
    max_instances: int = 1
    run_at_start: bool = False


def job_specs(settings: Settings) -> list[JobSpec]:
    """Every scheduled job, by id. Cron fields use day names (MON-FRI) as APScheduler counts
    Monday as 0."""
    zone = ZoneInfo(settings.timezone)
    return [
        JobSpec(
            "reminders.send_due",
            reminders.send_due_reminders,
            IntervalTrigger(minutes=1),
            misfire_grace_time=55,
        ),
        JobSpec(
            "reminders.catch_up",
            reminders.catch_up_reminders,
            IntervalTrigger(hours=1),
            misfire_grace_time=30 * 60,
            run_at_start=True,
        ),
        JobSpec(
            "summaries.extend_calendars",
            summaries.extend_meeting_calendars,
            CronTrigger(hour=3, minute=0, timezone=zone),
            misfire_grace_time=6 * 3600,
            run_at_start=True,
        ),
        JobSpec(
            "summaries.post_due",
            summaries.post_due_summaries,
            IntervalTrigger(minutes=15),
            misfire_grace_time=10 * 60,
        ),
        JobSpec(
            "summaries.update_requests",
            summaries.send_update_requests,
            IntervalTrigger(minutes=15),
            misfire_grace_time=10 * 60,
        ),
    ]


def build_scheduler(services: Services, *, blocking: bool = False) -> BaseScheduler:
    """A scheduler with every job of `job_specs`; call start() on it."""
    kind = BlockingScheduler if blocking else BackgroundScheduler
    scheduler = kind(timezone=UTC, executors={"default": ThreadPoolExecutor(max_workers=4)})
    for spec in job_specs(services.settings):
        extra = {"next_run_time": datetime.now(UTC)} if spec.run_at_start else {}
        scheduler.add_job(
            spec.func,
            spec.trigger,
            args=[services],
            id=spec.id,
            name=spec.id,
            misfire_grace_time=spec.misfire_grace_time,
            coalesce=spec.coalesce,
            max_instances=spec.max_instances,
            replace_existing=True,
            **extra,
        )
    return scheduler


def run_scheduler(settings: Settings) -> int:
    """Every job in the foreground until SIGTERM or SIGINT; the entry of `python -m jobs`."""
    from bot.slack.wiring import slack_services

    if settings.slack_bot_token is None:
        print("The scheduler needs SLACK_BOT_TOKEN to send reminders.", file=sys.stderr)
        return 2
    services = slack_services(settings, migrate=True)
    scheduler = build_scheduler(services, blocking=True)
    logging.getLogger("jobs").info(
        "scheduler running: %s", ", ".join(job.id for job in scheduler.get_jobs())
    )
    with stop_on_signals(services.stopping, leave=True):
        try:
            scheduler.start()
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            stop_scheduler(scheduler, services)
    return 0


def stop_scheduler(scheduler: BaseScheduler, services: Services) -> None:
    """Start no more jobs; let those running finish the message each is sending (they begin no
    other and give back what they claimed), then close the database's connections."""
    services.stopping.set()
    if scheduler.running:
        scheduler.shutdown(wait=True)
    services.engine.dispose()
