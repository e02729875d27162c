"""The signed annual report is dated on the Ministry's clock, in its text and its signature."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from freezegun import freeze_time

from permits.services.report_formats import report_pdf
from permits.services.reports import annual_report
from tests.factories import Cast, runtime
from tests.pdf_text import text

ALMATY = ZoneInfo("Asia/Almaty")


def test_a_report_made_at_half_past_midnight_shows_the_ministrys_date_time_and_offset(session):
    cast = Cast()
    tomorrow = datetime.now(ALMATY).date() + timedelta(days=1)
    moment = datetime(tomorrow.year, tomorrow.month, tomorrow.day, 0, 30, tzinfo=ALMATY)
    with freeze_time(moment):
        figures = annual_report(session, cast.auditor, tomorrow.year, runtime().clock)
        pdf = report_pdf(figures, runtime().issuer().signer, "Ministry", runtime().clock)
    printed = text(pdf)
    assert f"audit log on {tomorrow:%d.%m.%Y} 00:30 (UTC+05:00)" in printed
    assert f"Время / Time: {tomorrow:%d.%m.%Y} 00:30:00 (UTC+05:00)" in printed
    assert "Стр. / Page 1/" in printed
    assert " UTC " not in printed
