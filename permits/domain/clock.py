"""The Ministry's clock: instants in UTC, business dates in Kazakhstan's time."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

MINISTRY_TIMEZONE = ZoneInfo("Asia/Almaty")


def today() -> date:
    """Today's date in Kazakhstan, by the real clock."""
    return Clock().today()


class Clock:
    """What time it is: the real clock by default; tests hand the services a fixed one."""

    def now(self) -> datetime:
        """The current instant, timezone-aware UTC."""
        return datetime.now(UTC)

    def today(self) -> date:
        """The Ministry's calendar date now."""
        return self.now().astimezone(MINISTRY_TIMEZONE).date()
