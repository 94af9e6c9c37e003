"""Working days: weekends and public holidays of one country or subdivision."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import holidays

from bot.errors import InvalidInput

# No real calendar has a run of non-working days this long; hitting it means the holiday data is
# broken, and failing loudly beats looping forever inside a scheduled job.
_LONGEST_BREAK_DAYS = 60


class WorkingCalendar:
    """Answers "is this a working day?" for one country (and optionally one subdivision).

    Holiday years are filled in lazily by the `holidays` package the first time a date in that
    year is looked up, so one calendar serves any year.
    """

    def __init__(self, country: str = "GB", subdivision: str | None = "ENG") -> None:
        code = country.strip().upper()
        subdiv = (subdivision or "").strip() or None
        try:
            national = holidays.country_holidays(code)
        except NotImplementedError:
            raise InvalidInput(
                f"Unknown holiday country {country!r}: use an ISO 3166 code such as GB, US or IE."
            ) from None
        if subdiv and subdiv.upper() in national.subdivisions:
            subdiv = subdiv.upper()
        try:
            self._holidays = holidays.country_holidays(code, subdiv=subdiv)
        except NotImplementedError:
            raise InvalidInput(_subdivision_message(subdivision, national)) from None
        self.country = self._holidays.country
        self.subdivision = self._holidays.subdiv
        # Lookups add whole years to the holidays dict; scheduler threads share one calendar.
        self._lock = threading.Lock()
        # A sweep asks about the same few days thousands of times; the answers never change.
        self._working: dict[date, bool] = {}

    def __repr__(self) -> str:
        return f"WorkingCalendar(country={self.country!r}, subdivision={self.subdivision!r})"

    def is_working_day(self, d: date) -> bool:
        known = self._working.get(d)
        if known is None:
            with self._lock:
                known = bool(self._holidays.is_working_day(d))
            self._working[d] = known
        return known

    def holiday_name(self, d: date) -> str | None:
        """The public holiday's name ("Christmas Day (observed)"), or None on other days."""
        with self._lock:
            return self._holidays.get(d)

    def previous_working_day(self, d: date) -> date:
        """`d` itself when it is a working day, else the last working day before it."""
        return self._walk(d, timedelta(days=-1))

    def next_working_day(self, d: date) -> date:
        """`d` itself when it is a working day, else the first working day after it."""
        return self._walk(d, timedelta(days=1))

    def _walk(self, d: date, step: timedelta) -> date:
        for _ in range(_LONGEST_BREAK_DAYS):
            if self.is_working_day(d):
                return d
            d += step
        raise RuntimeError(f"{self!r} has no working day within {_LONGEST_BREAK_DAYS} days")


def _subdivision_message(subdivision: str | None, national: holidays.HolidayBase) -> str:
    if not national.subdivisions:
        return f"{national.country} has no holiday subdivisions: leave the subdivision empty."
    return (
        f"Unknown subdivision {subdivision!r} for {national.country}: use one of "
        f"{', '.join(national.subdivisions)}, or leave it empty for the national holidays only."
    )
