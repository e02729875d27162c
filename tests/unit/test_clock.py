"""The Ministry's clock: UTC instants, the Ministry's dates and times for people."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from freezegun import freeze_time

from permits.assembly.app import clock_from
from permits.assembly.config import load_settings
from permits.domain.clock import Clock, utc_offset
from permits.domain.errors import InvalidInput
from permits.services.report_formats import report_document
from tests.fakes import FixedClock

ALMATY = Clock("Asia/Almaty")


@pytest.mark.parametrize(
    ("utc_instant", "today"),
    [("2026-11-29 18:59:59", date(2026, 11, 29)), ("2026-11-29 19:00:00", date(2026, 11, 30))],
    ids=["23:59:59 in Astana", "midnight in Astana"],
)
def test_today_is_the_ministrys_date_which_turns_at_its_midnight(utc_instant, today):
    with freeze_time(utc_instant):
        assert ALMATY.today() == today
        assert ALMATY.now() == datetime.fromisoformat(utc_instant).replace(tzinfo=UTC)


def test_an_instant_reads_as_the_ministrys_wall_clock_time_with_its_offset():
    signed = datetime(2026, 11, 29, 19, 52, 28, tzinfo=UTC)
    assert ALMATY.local(signed) == datetime(2026, 11, 30, 0, 52, 28, tzinfo=ALMATY.zone)
    assert ALMATY.local_date(signed) == date(2026, 11, 30)
    assert ALMATY.local(signed.replace(tzinfo=None)) == ALMATY.local(signed)  # naive is UTC
    assert ALMATY.offset(signed) == "UTC+5"
    assert ALMATY.stamp(signed) == "2026-11-30 00:52 UTC+5"


def test_offsets_read_as_people_write_them():
    moment = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
    assert Clock("Asia/Kolkata").offset(moment) == "UTC+5:30"
    assert Clock("America/St_Johns").offset(moment) == "UTC-3:30"
    assert Clock("UTC").offset(moment) == "UTC"
    assert utc_offset(datetime(2026, 1, 1)) == "UTC"


def test_a_span_of_the_ministrys_days_is_bounded_by_its_midnights():
    lower, upper = ALMATY.day_bounds(date(2026, 11, 30), date(2026, 12, 1))
    assert lower == datetime(2026, 11, 29, 19, 0, tzinfo=UTC)
    assert upper == datetime(2026, 12, 1, 19, 0, tzinfo=UTC)
    assert ALMATY.day_bounds(None, None) == (None, None)


def test_the_installation_keeps_the_time_zone_it_is_given_asia_almaty_by_default(tmp_path):
    settings = load_settings({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "k"})
    assert settings["TIMEZONE"] == "Asia/Almaty"
    assert clock_from(settings).zone.key == "Asia/Almaty"
    assert clock_from({**settings, "TIMEZONE": "Asia/Aqtobe"}).zone.key == "Asia/Aqtobe"


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "", "../etc/passwd"])
def test_an_unknown_time_zone_is_refused_naming_the_setting(zone):
    with pytest.raises(InvalidInput) as refused:
        clock_from({"TIMEZONE": zone})
    assert list(refused.value.errors) == ["PERMITS_TIMEZONE"]
    assert "PERMITS_TIMEZONE" in refused.value.message


def test_the_annual_report_says_when_it_was_computed_in_the_ministrys_time():
    report = {
        "year": 2026,
        "applications_received": dict.fromkeys(("import", "export", "transit", "re_export"), 0),
        "permits_issued": dict.fromkeys(("import", "export", "transit", "re_export"), 0),
        "refused": {"total": 0, "by_ground": {"other": 0}},
        "withdrawn": 0, "suspensions": 0, "revocations": 0, "authorised": [], "shipped": [],
        "decision_working_days": {"decisions": 0, "median": None, "p90": None,
                                  "overdue_decisions": 0},
    }  # fmt: skip
    computed = FixedClock(datetime(2026, 11, 29, 19, 52, tzinfo=UTC))
    assert report_document(report, computed).subtitle.endswith("on 30.11.2026 00:52 (UTC+05:00)")
