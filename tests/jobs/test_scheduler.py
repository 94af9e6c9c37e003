"""The job registry: explicit ids, grace and coalescing, and a scheduler that runs the sweep."""

from __future__ import annotations

import threading

from apscheduler.triggers.interval import IntervalTrigger

from bot.config import Settings
from jobs import reminders
from jobs.scheduler import build_scheduler, job_specs


def test_every_job_has_a_unique_id_and_an_explicit_grace() -> None:
    specs = job_specs(Settings(_env_file=None))
    ids = [spec.id for spec in specs]
    assert len(ids) == len(set(ids))
    for spec in specs:
        assert spec.misfire_grace_time > 1  # APScheduler's default of 1 s drops runs
        assert spec.coalesce and spec.max_instances == 1


def test_the_reminder_sweep_runs_every_minute() -> None:
    sweep = next(s for s in job_specs(Settings(_env_file=None)) if s.id == "reminders.send_due")
    assert sweep.func is reminders.send_due_reminders
    assert isinstance(sweep.trigger, IntervalTrigger)
    assert sweep.trigger.interval.total_seconds() == 60


class _Reminders:
    def __init__(self) -> None:
        self.swept = threading.Event()
        self.calls: list[dict] = []

    def send_due(self, **kwargs: object) -> None:
        self.calls.append(kwargs)
        self.swept.set()


class _Services:
    """Just enough of Services for the scheduler: settings and the services its jobs call."""

    def __init__(self) -> None:
        self.settings = Settings(_env_file=None)
        self.reminders = _Reminders()


def test_a_background_scheduler_registers_every_job_and_catches_up_at_start() -> None:
    services = _Services()
    scheduler = build_scheduler(services)  # type: ignore[arg-type]
    assert {job.id for job in scheduler.get_jobs()} == {
        spec.id for spec in job_specs(services.settings)
    }
    for job in scheduler.get_jobs():
        if not job.id.startswith("reminders."):
            scheduler.remove_job(job.id)
    scheduler.start()
    try:
        assert services.reminders.swept.wait(10)
    finally:
        scheduler.shutdown(wait=True)
    assert {"thorough": True} in services.reminders.calls


class _SlowReminders:
    """A sweep that runs until `done` is set."""

    def __init__(self) -> None:
        self.running = threading.Event()
        self.done = threading.Event()
        self.calls: list[dict] = []

    def send_due(self, **kwargs: object) -> None:
        self.calls.append(kwargs)
        self.running.set()
        assert self.done.wait(10)


def test_one_sweep_at_a_time_the_minutes_skipped_the_catch_up_waiting_its_turn() -> None:
    services = _Services()
    services.reminders = _SlowReminders()  # type: ignore[assignment]
    first = threading.Thread(target=reminders.send_due_reminders, args=(services,))
    first.start()
    assert services.reminders.running.wait(10)

    reminders.send_due_reminders(services)  # type: ignore[arg-type]  # returns at once
    assert len(services.reminders.calls) == 1
    catch_up = threading.Thread(target=reminders.catch_up_reminders, args=(services,))
    catch_up.start()
    catch_up.join(0.3)
    assert catch_up.is_alive() and len(services.reminders.calls) == 1  # waiting its turn

    services.reminders.done.set()
    first.join(10)
    catch_up.join(10)
    assert services.reminders.calls == [{"thorough": False}, {"thorough": True}]
