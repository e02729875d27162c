"""The Ministry's calendar day: documents expire and decisions are dated in Kazakhstan's time."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

MINISTRY_TIMEZONE = ZoneInfo("Asia/Almaty")


def today() -> date:
    """Today's date in Kazakhstan."""
    return datetime.now(MINISTRY_TIMEZONE).date()
