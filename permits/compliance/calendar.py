"""Working days in Kazakhstan: weekends and the public holidays (the ``holidays`` package)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=1)
def _kazakh_holidays() -> holidays.HolidayBase:
    # Years are added on first lookup; one shared instance keeps that work once per process.
    return holidays.country_holidays("KZ")


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a Kazakh public holiday (observed days included)."""
    return day.weekday() < 5 and day not in _kazakh_holidays()


def add_working_days(start: date, days: int) -> date:
    """The day ``days`` working days after ``start`` (``start`` itself does not count)."""
    if days < 0:
        raise ValueError("days must not be negative")
    current, counted = start, 0
    while counted < days:
        current += timedelta(days=1)
        if is_working_day(current):
            counted += 1
    return current


def working_days_between(start: date, end: date) -> int:
    """How many working days after ``start`` up to and including ``end`` (0 if end <= start)."""
    count, current = 0, start
    while current < end:
        current += timedelta(days=1)
        count += is_working_day(current)
    return count
