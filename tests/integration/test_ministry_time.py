"""One clock: business dates are the Ministry's (Asia/Almaty, UTC+5), around its midnight.

Each case runs at 23:30 and at 00:30 in Astana. At 00:30 in Astana UTC is still on the day
before (19:30), so a rule that read the UTC date would decide on the wrong day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from permits.domain import errors
from permits.models import Application, AuditEvent, Document, Permit, Shipment
from permits.services.applications import list_applications
from permits.services.deadlines import is_overdue
from permits.services.document_verification import verify_document
from permits.services.permits import get_permit
from permits.services.shipments import record_shipment
from tests.factories import Cast, application_in, clock, reload_application

# (instant in UTC, the Ministry's date then)
AT_2330 = ("2026-11-30 18:30:00", date(2026, 11, 30))  # 23:30 on 30 November in Astana
AT_0030 = ("2026-11-30 19:30:00", date(2026, 12, 1))  # 00:30 on 1 December; UTC: 30 November
AROUND_MIDNIGHT = pytest.mark.parametrize(
    ("utc_instant", "astana_day"), [AT_2330, AT_0030], ids=["23:30 in Astana", "00:30 in Astana"]
)


def lines(permit: Permit, quantity: int = 1) -> list[dict]:
    return [{"goods_line_id": line.goods_line_id, "quantity": quantity,
             "serial_numbers": line.goods_line.serial_numbers[:quantity]}
            for line in permit.lines]  # fmt: skip


def ship(session, cast: Cast, permit: Permit, shipped_on: date) -> Shipment:
    return record_shipment(session, cast.customs, permit.number, permit.customs_point,
                           shipped_on, lines(permit), clock=clock())  # fmt: skip


@AROUND_MIDNIGHT
def test_a_permit_is_issued_on_the_ministrys_date_and_its_term_counts_from_it(
    session, utc_instant, astana_day
):
    with freeze_time(utc_instant):
        permit = application_in(session, Cast(), "approved").permit
    assert permit.valid_from == astana_day
    assert permit.valid_until == astana_day + timedelta(days=180 - 1)  # the import term
    assert clock().local_date(permit.issued_at) == astana_day


def test_a_permit_approved_at_half_past_midnight_on_new_years_day_is_numbered_in_the_new_year(
    session,
):
    with freeze_time("2026-12-31 19:30:00"):  # 00:30 on 1 January 2027 in Astana
        permit = application_in(session, Cast(), "approved").permit
    assert (permit.number, permit.valid_from) == ("KZ-IMP-2027-000001", date(2027, 1, 1))


@pytest.mark.parametrize(
    ("utc_instant", "status"),
    [("2026-12-10 18:30:00", "active"), ("2026-12-10 19:30:00", "expired")],
    ids=["23:30 on its last day in Astana", "00:30 the day after in Astana"],
)
def test_a_permit_valid_until_a_day_is_valid_until_the_ministrys_midnight_after_it(
    session, db, utc_instant, status
):
    cast = Cast()
    with freeze_time("2026-11-30 06:00:00"):
        number = application_in(session, cast, "approved").permit.number
    with db.scoped() as s, s.begin():
        s.scalars(select(Permit).where(Permit.number == number)).one().valid_until = date(
            2026, 12, 10
        )
    with freeze_time(utc_instant):  # both instants are 10 December in UTC
        assert get_permit(session, cast.officer, number, clock()).status == status


@AROUND_MIDNIGHT
def test_customs_record_a_shipment_dated_the_ministrys_today_whatever_the_utc_date(
    session, utc_instant, astana_day
):
    cast = Cast()
    with freeze_time(utc_instant):
        permit = application_in(session, cast, "approved").permit
        shipment = ship(session, cast, permit, astana_day)
    assert shipment.shipped_on == astana_day


@AROUND_MIDNIGHT
def test_a_shipment_dated_the_ministrys_tomorrow_is_refused_naming_shipped_on(
    session, utc_instant, astana_day
):
    cast = Cast()
    with freeze_time(utc_instant):
        permit = application_in(session, cast, "approved").permit
        with pytest.raises(errors.InvalidInput) as refused:
            ship(session, cast, permit, astana_day + timedelta(days=1))
    assert list(refused.value.errors) == ["shipped_on"]
    assert "after today" in refused.value.errors["shipped_on"][0]


def test_a_shipment_dated_the_day_before_the_permits_first_day_is_refused_naming_shipped_on(
    session, db,
):  # fmt: skip
    cast = Cast()
    with freeze_time(AT_0030[0]):  # the permit starts on 1 December; UTC says 30 November
        permit = application_in(session, cast, "approved").permit
        with pytest.raises(errors.InvalidInput) as refused:
            ship(session, cast, permit, date(2026, 11, 30))
    assert list(refused.value.errors) == ["shipped_on"]
    assert "2026-12-01" in refused.value.errors["shipped_on"][0]
    with db.scoped() as s:
        assert s.scalars(select(Shipment)).all() == []


@pytest.mark.parametrize(
    ("utc_instant", "accepted"),
    [("2026-12-10 18:30:00", True), ("2026-12-10 19:30:00", False)],
    ids=["23:30 on its last day in Astana", "00:30 the day after in Astana"],
)
def test_a_document_valid_until_a_day_is_accepted_until_the_ministrys_midnight_after_it(
    session, db, utc_instant, accepted
):
    cast = Cast()
    with freeze_time("2026-11-30 06:00:00"):
        application = application_in(session, cast, "under_review")
    with db.scoped() as s, s.begin():
        licence = s.scalars(
            select(Document).where(
                Document.application_id == application.id, Document.kind == "trade_licence"
            )
        ).one()
        licence.valid_until, licence_id = date(2026, 12, 10), licence.id  # fmt: skip
    with freeze_time(utc_instant):  # both instants are 10 December in UTC
        if accepted:
            verify_document(session, cast.officer, application.id, licence_id, "accepted", None,
                            clock=clock())  # fmt: skip
        else:
            with pytest.raises(errors.ActionBlocked, match="expired on 2026-12-10"):
                verify_document(session, cast.officer, application.id, licence_id, "accepted",
                                None, clock=clock())  # fmt: skip


@pytest.mark.parametrize(
    "utc_instant",
    ["2026-11-30 18:30:00", "2026-11-29 19:30:00"],
    ids=["23:30 on Monday in Astana", "00:30 on Monday in Astana (Sunday in UTC)"],
)
def test_a_deadline_counts_working_days_from_the_ministrys_date(session, utc_instant):
    with freeze_time(utc_instant):
        application = application_in(session, Cast(), "submitted")
    # Two working days after Monday 30 November (from Sunday it would be 1 December).
    assert application.completeness_due_on == date(2026, 12, 2)


@pytest.mark.parametrize(
    ("utc_instant", "overdue"),
    [("2026-12-02 18:30:00", False), ("2026-12-02 19:30:00", True)],
    ids=["23:30 on the due day in Astana", "00:30 the day after in Astana"],
)
def test_an_application_becomes_overdue_at_the_ministrys_midnight_not_utcs(
    session, utc_instant, overdue
):
    cast = Cast()
    with freeze_time("2026-11-30 06:00:00"):
        application = application_in(session, cast, "submitted")
    assert application.completeness_due_on == date(2026, 12, 2)
    with freeze_time(utc_instant):  # both instants are 2 December in UTC
        late = list_applications(session, cast.officer, overdue=True, clock=clock()).items
        current = reload_application(session, application.id)
        assert is_overdue(current, clock().today()) is overdue
    assert [a.id for a in late] == ([application.id] if overdue else [])


def test_instants_come_back_from_the_database_as_the_same_utc_instants_timezone_aware(session, db):
    with freeze_time("2026-11-29 19:52:28.123456"):
        permit_id = application_in(session, Cast(), "approved").permit.id
    signed = datetime(2026, 11, 29, 19, 52, 28, 123456, tzinfo=UTC)
    with db.scoped() as s:
        permit = s.get(Permit, permit_id)
        application = s.get(Application, permit.application_id)
        occurred = s.scalars(select(AuditEvent.occurred_at).where(
            AuditEvent.subject_type.in_(("application", "permit")))).all()  # fmt: skip
        for moment in (permit.issued_at, application.decided_at, application.created_at, *occurred):
            assert (moment, moment.utcoffset()) == (signed, timedelta(0))
        assert clock().local(permit.issued_at).isoformat() == "2026-11-30T00:52:28.123456+05:00"
