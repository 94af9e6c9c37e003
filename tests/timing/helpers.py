"""Helpers shared by the timing parser's tests."""

from __future__ import annotations

from datetime import date

import pytest

from bot.timing import Granularity, TimingError, parse_timing

D = date
G = Granularity


def window(text: str | None, **kwargs: date) -> tuple[date | None, date | None, Granularity]:
    deadline = parse_timing(text, **kwargs)
    return deadline.start, deadline.end, deadline.granularity


def rejected(text: str | None, **kwargs: date) -> str:
    with pytest.raises(TimingError) as caught:
        parse_timing(text, **kwargs)
    return caught.value.user_message
