"""Turn the timings boards write ("August 2022", "Q3 2023", "by 1 December 2023") into deadlines."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from bot.errors import InvalidInput

MIN_YEAR, MAX_YEAR = 1990, 2100

# Spelled out here rather than taken from strftime/calendar, which follow the process locale.
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_MONTHS = {name.lower(): number for number, name in enumerate(MONTH_NAMES, start=1)}
_MONTHS |= {name[:3].lower(): number for number, name in enumerate(MONTH_NAMES, start=1)}
_MONTHS["sept"] = 9

ACCEPTED_FORMS = """\
Timings I understand, for example:
• a day: 31 August 2024, 1st December 2023, August 31, 2024, 31/08/2024 (day first), 2024-08-31
• a month: August 2022, Sept 2022, end of March 2023
• several months: August/Sept 2022, Nov 2022 - Jan 2023
• a quarter: Q3 2023
• by 1 December 2023, before 31 May 2024, no later than 31 May 2024
• next meeting (when the board's meeting dates are known)
• Completed, Ongoing, TBC, n/a"""


class Granularity(StrEnum):
    DAY = "day"
    MONTH = "month"
    RANGE = "range"
    QUARTER = "quarter"
    NONE = "none"


class TimingError(InvalidInput):
    """A timing the bot could not turn into a deadline."""


@dataclass(frozen=True)
class Deadline:
    """A deadline window: work is due by `end`; `start` is when the window opens."""

    raw: str
    start: date | None
    end: date | None
    granularity: Granularity
    completed: bool = False

    def __post_init__(self) -> None:
        # Deadlines are also rebuilt from stored rows, so an inconsistent one fails loudly here.
        if self.granularity is Granularity.NONE:
            if self.start is not None or self.end is not None:
                raise ValueError("a deadline without granularity has no dates")
        elif self.start is None or self.end is None or self.start > self.end or self.completed:
            raise ValueError(f"a {self.granularity} deadline needs start <= end, not completed")

    @property
    def due(self) -> date | None:
        return self.end

    def describe(self) -> str:
        if self.completed:
            return "completed"
        if self.end is None or self.start is None:
            return "no deadline"
        if self.granularity is Granularity.DAY:
            return f"due {format_date(self.end)}"
        window = _window_label(self.start, self.end, self.granularity)
        return f"due {format_date(self.end)} ({window})"


def format_date(d: date) -> str:
    return f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}"


def parse_timing(
    text: str | None, *, today: date | None = None, next_meeting: date | None = None
) -> Deadline:
    raw = (text or "").strip()
    normal = _normalise(raw)
    if normal in _NO_DEADLINE:
        return Deadline(raw, None, None, Granularity.NONE)
    if normal in _COMPLETED:
        return Deadline(raw, None, None, Granularity.NONE, completed=True)
    body = _PREFIX.sub("", normal, count=1)
    if _NEXT_MEETING.fullmatch(body):
        return _at_next_meeting(raw, next_meeting)
    context = _Context(raw, today)
    for pattern, build in _PATTERNS:
        if match := pattern.fullmatch(body):
            start, end, granularity = build(match, context)
            return Deadline(raw, start, end, granularity)
    raise _not_understood(raw)


_NO_DEADLINE = {"", "-", "ongoing", "tbc", "tbd", "to be confirmed", "n/a", "none"}
_COMPLETED = {"completed", "complete", "done"}
_QUOTES = {'"': '"', "'": "'", "“": "”", "‘": "’", "”": "”", "’": "’"}
# At most one leading phrase: "by", "before" or "no later than", then perhaps "(the) end (of)".
_PREFIX = re.compile(r"^(?:(?:by|before|no later than) )?(?:the )?(?:end (?:of )?)?")
_NEXT_MEETING = re.compile(r"next (?:board(?: meeting)?|meeting)")


def _normalise(raw: str) -> str:
    text = raw
    if len(text) >= 2 and _QUOTES.get(text[0]) == text[-1]:
        text = text[1:-1]
    text = re.sub(r"[\u2012-\u2015\u2212]", "-", text)  # dashes people paste from Word
    text = " ".join(text.lower().split())
    # A full stop ending a sentence, not part of "31.08.2024" or "Sept."
    return text[:-1].rstrip() if text.endswith(".") and len(text) > 1 else text


@dataclass(frozen=True)
class _Context:
    raw: str
    today: date | None


_Window = tuple[date, date, Granularity]

_MONTH = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"\d{4}"


def _day_month_year(match: re.Match[str], ctx: _Context) -> _Window:
    day = _make_date(ctx, _year(match["y"], ctx), _month(match["m"]), int(match["d"]))
    return day, day, Granularity.DAY


def _numeric_day(match: re.Match[str], ctx: _Context) -> _Window:
    digits = match["y"]
    if len(digits) == 2 and match["sep"] == "-":
        # "24-08-31" reads as year-first just as easily as day-first.
        raise _not_understood(ctx.raw, "write the year in full, e.g. 31/08/2024")
    # Two-digit years only appear in the d/m/yy form and always mean this century.
    year = _year(digits if len(digits) == 4 else str(2000 + int(digits)), ctx)
    day = _make_date(ctx, year, int(match["m"]), int(match["d"]))
    return day, day, Granularity.DAY


def _month_window(match: re.Match[str], ctx: _Context) -> _Window:
    month = _month(match["m"])
    year = _year(match["y"], ctx) if match["y"] else _infer_year(month, ctx)
    return _first_day(year, month), _last_day(year, month), Granularity.MONTH


def _month_range(match: re.Match[str], ctx: _Context) -> _Window:
    first, last = _month(match["m1"]), _month(match["m2"])
    if match["y1"] and not match["y2"]:
        raise _not_understood(ctx.raw, "give the last month's year too, e.g. Nov 2022/Jan 2023")
    last_year = _year(match["y2"], ctx) if match["y2"] else _infer_year(last, ctx)
    if match["y1"]:
        first_year = _year(match["y1"], ctx)
    else:
        # "Dec/Jan 2023": a start month later than the end month belongs to the year before.
        first_year = last_year if first <= last else last_year - 1
    start, end = _first_day(first_year, first), _last_day(last_year, last)
    if start > end:
        raise _not_understood(ctx.raw, "the range ends before it starts")
    return start, end, Granularity.RANGE


def _quarter(match: re.Match[str], ctx: _Context) -> _Window:
    year, quarter = _year(match["y"], ctx), int(match["q"])
    start = _first_day(year, 3 * quarter - 2)
    return start, _last_day(year, 3 * quarter), Granularity.QUARTER


_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_FORMS: list[tuple[str, Callable[[re.Match[str], _Context], _Window]]] = [
    (rf"{_DAY} (?:of )?(?P<m>{_MONTH}),? (?P<y>{_YEAR})", _day_month_year),
    (rf"(?P<m>{_MONTH}) {_DAY},? (?P<y>{_YEAR})", _day_month_year),
    (r"(?P<d>\d{1,2})(?P<sep>[/.-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})", _numeric_day),
    (rf"(?P<y>{_YEAR})(?P<sep>-)(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})", _numeric_day),
    (rf"(?P<m>{_MONTH})(?:,? (?P<y>{_YEAR}))?", _month_window),
    (
        rf"(?P<m1>{_MONTH})(?: (?P<y1>{_YEAR}))?(?: ?[/-] ?| to )"
        rf"(?P<m2>{_MONTH})(?:,? (?P<y2>{_YEAR}))?",
        _month_range,
    ),
    (rf"q(?P<q>[1-4]),? (?P<y>{_YEAR})", _quarter),
    (rf"(?P<y>{_YEAR}),? q(?P<q>[1-4])", _quarter),
]
# ASCII so that only the digits 0-9 count as digits.
_PATTERNS = [(re.compile(pattern, re.ASCII), build) for pattern, build in _FORMS]


def _month(token: str) -> int:
    return _MONTHS[token.rstrip(".")]


def _year(digits: str, ctx: _Context) -> int:
    year = int(digits)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _not_understood(ctx.raw, f"years must be between {MIN_YEAR} and {MAX_YEAR}")
    return year


def _infer_year(month: int, ctx: _Context) -> int:
    if ctx.today is None:
        example = f"{MONTH_NAMES[month - 1]} 2024"
        message = f"“{_shown(ctx.raw)}” has no year. Add one, e.g. “{example}”."
        raise TimingError(f"{message}\n\n{ACCEPTED_FORMS}")
    # A month on its own means the next one to come, counting the current month as still to come.
    return ctx.today.year if month >= ctx.today.month else ctx.today.year + 1


def _make_date(ctx: _Context, year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise _not_understood(ctx.raw, "there are only 12 months")
    if not 1 <= day <= _last_day(year, month).day:
        raise _not_understood(ctx.raw, f"{MONTH_NAMES[month - 1]} {year} has no day {day}")
    return date(year, month, day)


def _first_day(year: int, month: int) -> date:
    return date(year, month, 1)


def _last_day(year: int, month: int) -> date:
    return date(year, month, 1) + relativedelta(day=31)


def _window_label(start: date, end: date, granularity: Granularity) -> str:
    if granularity is Granularity.QUARTER:
        return f"Q{(start.month + 2) // 3} {start.year}"
    first, last = MONTH_NAMES[start.month - 1], MONTH_NAMES[end.month - 1]
    if granularity is Granularity.MONTH or (start.year, start.month) == (end.year, end.month):
        return f"{first} {start.year}"
    if start.year == end.year:
        return f"{first}–{last} {end.year}"
    return f"{first} {start.year} – {last} {end.year}"


def _at_next_meeting(raw: str, next_meeting: date | None) -> Deadline:
    if next_meeting is None:
        raise TimingError(
            f"This board has no upcoming meeting date yet, so “{_shown(raw)}” cannot be a deadline."
            ' Write a date instead (e.g. due:"31 August 2024") or add the board\'s meeting dates.'
        )
    return Deadline(raw, next_meeting, next_meeting, Granularity.DAY)


def _shown(raw: str, limit: int = 60) -> str:
    # Echo enough of the text to recognise it without letting a pasted paragraph flood the reply.
    return raw if len(raw) <= limit else raw[: limit - 1] + "…"


def _not_understood(raw: str, reason: str | None = None) -> TimingError:
    because = f" ({reason})" if reason else ""
    message = f"“{_shown(raw)}” is not a date or timing I understand{because}."
    return TimingError(f"{message}\n\n{ACCEPTED_FORMS}")
