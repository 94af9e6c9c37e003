"""Reminder settings: read from the environment, refused with a clear reason when wrong."""

from __future__ import annotations

from datetime import time

import pytest
from pydantic import ValidationError

from bot.calendar import WorkingCalendar
from bot.config import Settings
from bot.services import reminder_config


def settings(**env: str) -> Settings:
    return Settings(_env_file=None, **env)  # type: ignore[arg-type]


def test_defaults_are_the_documented_ones() -> None:
    s = settings()
    assert (s.reminder_days_before, s.overdue_repeat_days, s.escalate_after_days) == (
        [14, 7, 1],
        7,
        14,
    )
    assert (s.reminder_time, s.holiday_country, s.holiday_subdivision) == (time(9), "GB", "ENG")
    assert (s.max_send_attempts, s.run_scheduler) == (5, True)


def test_values_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("REMINDER_DAYS_BEFORE", "1, 30,7")
    monkeypatch.setenv("REMINDER_TIME", "08:30")
    monkeypatch.setenv("HOLIDAY_SUBDIVISION", "")
    monkeypatch.setenv("RUN_SCHEDULER", "false")
    s = settings()
    assert s.reminder_days_before == [1, 30, 7] and s.reminder_time == time(8, 30)
    assert s.holiday_subdivision is None and s.run_scheduler is False
    rules = reminder_config(s, WorkingCalendar(s.holiday_country, None)).rules
    assert rules.days_before == (30, 7, 1) and rules.send_time == time(8, 30)


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("REMINDER_DAYS_BEFORE", "14,seven", "like 14,7,1"),
        ("REMINDER_DAYS_BEFORE", "0", "from 1 to 365"),
        ("OVERDUE_REPEAT_DAYS", "0", "greater than or equal to 1"),
        ("ESCALATE_AFTER_DAYS", "-3", "greater than or equal to 1"),
        ("REMINDER_TIME", "9am", "like 09:00"),
        ("REMINDER_TIME", "09:00+01:00", "without a zone"),
        ("HOLIDAY_COUNTRY", "Narnia", "ISO code"),
        ("HOLIDAY_SUBDIVISION", "XYZ", "ENG, NIR, SCT, WLS"),
        ("MAX_SEND_ATTEMPTS", "0", "greater than or equal to 1"),
        ("RUN_SCHEDULER", "perhaps", "valid boolean"),
    ],
)
def test_bad_values_are_refused_with_a_reason(monkeypatch, name, value, says) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError) as error:
        settings()
    assert says in str(error.value)
