"""The Ministry's clock: instants stored in UTC, business dates and displayed times in the
Ministry's time zone (``PERMITS_TIMEZONE``, Asia/Almaty by default).

The composition root builds one ``Clock`` from the settings and hands it down; nothing reads
the time zone or "today" of its own.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIMEZONE = "Asia/Almaty"


def ministry_zone(name: str) -> ZoneInfo:
    """The IANA zone of that name; ValueError naming the setting when there is none."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        # ValueError too: ZoneInfo refuses malformed keys ("../x", "") that way.
        raise ValueError(
            f"PERMITS_TIMEZONE={name!r} is not a known IANA time zone (e.g. Asia/Almaty)"
        ) from None


class Clock:
    """What time it is, and what day it is in the Ministry: the real clock by default; tests
    freeze it (freezegun) or hand the services a fixed one."""

    def __init__(self, zone: ZoneInfo | str = DEFAULT_TIMEZONE):
        self.zone = zone if isinstance(zone, ZoneInfo) else ministry_zone(zone)

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

    def day_bounds(self, first: date | None, last: date | None) -> tuple[datetime | None, ...]:
        """The instants that bound the Ministry's days ``first`` to ``last`` (inclusive): the
        midnight that starts the first and the one that ends the last (None where not given)."""
        lower = datetime.combine(first, time.min, self.zone) if first else None
        upper = datetime.combine(last + timedelta(days=1), time.min, self.zone) if last else None
        return lower, upper

    def offset(self, moment: datetime) -> str:
        """The zone's offset at an instant as people read it: ``UTC+5``, ``UTC-3:30``, ``UTC``."""
        return utc_offset(self.local(moment))

    def stamp(self, moment: datetime) -> str:
        """An instant as the Ministry's time for people: ``2026-11-30 00:52 UTC+5``."""
        return f"{self.local(moment):%Y-%m-%d %H:%M} {self.offset(moment)}"


def utc_offset(moment: datetime) -> str:
    """The offset of an aware datetime as ``UTC+5`` (``UTC`` when none)."""
    delta = moment.utcoffset()
    minutes = int(delta.total_seconds() // 60) if delta is not None else 0
    if minutes == 0:
        return "UTC"
    sign, minutes = ("+" if minutes > 0 else "-"), abs(minutes)
    hours, rest = divmod(minutes, 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")
