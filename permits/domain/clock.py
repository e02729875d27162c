"""The Ministry's clock: instants stored in UTC, business dates and displayed times in the
Ministry's time zone (``PERMITS_TIMEZONE``, Asia/Almaty by default)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Asia/Almaty"


class Clock:
    """What time it is, and what day it is in the Ministry: the real clock by default; tests
    freeze it (freezegun) or hand the services a fixed one."""

    def __init__(self, zone: ZoneInfo | str = DEFAULT_TIMEZONE):
        self.zone = zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone)

    def now(self) -> datetime:
        """The current instant, timezone-aware UTC."""
        return datetime.now(UTC)

    def today(self) -> date:
        """The Ministry's calendar date now."""
        return self.local(self.now()).date()

    def local(self, moment: datetime) -> datetime:
        """An instant as the Ministry's wall-clock time (naive instants are taken as UTC)."""
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(self.zone)

    def local_date(self, moment: datetime) -> date:
        """The Ministry's calendar date of an instant."""
        return self.local(moment).date()


MINISTRY_TIMEZONE = ZoneInfo(DEFAULT_TIMEZONE)


def today() -> date:
    """Today's date in Kazakhstan, by the real clock (being replaced by the runtime's clock)."""
    return Clock().today()
