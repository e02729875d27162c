"""The annual report's figures against the same figures computed here from the raw rows."""

from __future__ import annotations

import json
import statistics
from collections import Counter
from datetime import date, timedelta

import holidays
import pytest
from freezegun import freeze_time
from sqlalchemy import text

from permits.domain import errors
from permits.services.applications import perform_action
from permits.services.permits import permit_action
from permits.services.reports import annual_report
from permits.services.shipments import record_shipment
from tests.factories import Cast, application_in, clock, goods_line, runtime

YEAR = 2026
EXPORT = {"counterpart_country": "UZ", "customs_point": "ZHIBEK-ZHOLY", "transit_countries": [],
          "end_user": {"name": "Club", "country": "UZ", "address": None},
          "consignee": {"name": "Club", "country": "UZ", "address": None}}  # fmt: skip


def cartridges(quantity: int) -> dict:
    line = {**goods_line(quantity=quantity), "kind": "cartridges", "unit": "rounds"}
    return {
        **line,
        "model": "9x19 FMJ",
        "calibre": "9x19mm",
        "serial_numbers": [],
        "hs_code": "930621",
    }


def build_year(session) -> None:
    """A year of activity: each kind of decision, shipments, a suspension and a revocation."""
    cast = Cast()
    with freeze_time("2026-03-02 06:00:00"):
        first = application_in(session, cast, "approved", goods=[goods_line(quantity=3),
                                                                  cartridges(500)])  # fmt: skip
        application_in(session, cast, "approved", "export", **EXPORT,
                       goods=[goods_line(quantity=2)])  # fmt: skip
        refused = application_in(session, cast, "awaiting_decision")
    with freeze_time("2026-03-27 06:00:00"):  # after Nauryz: working days skip 23-25 March
        perform_action(session, cast.approver, refused.id, "refuse", reason="Risk",
                       grounds=["diversion_risk", "documents"], runtime=runtime())  # fmt: skip
        application_in(session, cast, "withdrawn")
        application_in(session, cast, "submitted", "transit", **EXPORT)
        permit = first.permit
        record_shipment(session, cast.customs, permit.number, permit.customs_point, clock().today(),
                        [{"goods_line_id": line.goods_line_id, "quantity": 1,
                          "serial_numbers": line.goods_line.serial_numbers[:1]}
                         for line in permit.lines
                         if line.goods_line.kind == "firearm"], clock=clock())  # fmt: skip
        permit_action(
            session, cast.approver, permit.number, "suspend", clock=clock(), reason="Inspection"
        )
        permit_action(
            session,
            cast.approver,
            permit.number,
            "revoke",
            clock=clock(),
            reason="Licence withdrawn",
        )


def working_days(start: date, end: date) -> int:
    off = holidays.country_holidays("KZ", years=range(start.year, end.year + 1))
    days = (start + timedelta(days=n) for n in range(1, (end - start).days + 1))
    return sum(1 for d in days if d.weekday() < 5 and d not in off)


def day(value) -> date:
    """The UTC day of a stored timestamp (SQLite hands raw SQL text, PostgreSQL datetimes)."""
    return date.fromisoformat(value[:10]) if isinstance(value, str) else value.date()


def raw(db, sql: str) -> list:
    with db.engine.connect() as connection:
        return connection.execute(text(sql)).all()


def expected_figures(db) -> dict:
    """The figures, computed from the tables without the report's code."""
    received = dict(raw(db, "SELECT permit_type, COUNT(*) FROM applications "
                            "WHERE submitted_at IS NOT NULL GROUP BY permit_type"))  # fmt: skip
    issued = dict(raw(db, "SELECT permit_type, COUNT(*) FROM permits GROUP BY permit_type"))
    grounds = Counter()
    for (value,) in raw(db, "SELECT refusal_grounds FROM applications WHERE status = 'refused'"):
        grounds.update(value if isinstance(value, list) else json.loads(value))
    authorised = raw(db, "SELECT p.permit_type, a.counterpart_country, g.kind, SUM(pl.quantity) "
                         "FROM permit_lines pl JOIN permits p ON p.id = pl.permit_id "
                         "JOIN applications a ON a.id = p.application_id "
                         "JOIN goods_lines g ON g.id = pl.goods_line_id "
                         "GROUP BY p.permit_type, a.counterpart_country, g.kind")  # fmt: skip
    shipped = raw(db, "SELECT g.kind, SUM(sl.quantity) FROM shipment_lines sl "
                      "JOIN goods_lines g ON g.id = sl.goods_line_id GROUP BY g.kind")  # fmt: skip
    decided = raw(db, "SELECT accepted_at, decided_at FROM applications "
                      "WHERE status IN ('approved', 'refused')")  # fmt: skip
    durations = [working_days(day(a), day(d)) for a, d in decided]
    withdrawn = raw(db, "SELECT COUNT(*) FROM applications WHERE status = 'withdrawn'")[0][0]
    return {
        "received": received,
        "issued": issued,
        "grounds": grounds,
        "withdrawn": withdrawn,
        "authorised": authorised,
        "shipped": dict(shipped),
        "durations": durations,
    }


def test_the_annual_report_matches_figures_computed_from_the_raw_rows(session, db):
    build_year(session)
    auditor = Cast().auditor
    report = annual_report(session, auditor, YEAR, clock())
    want = expected_figures(db)
    assert {t: n for t, n in report["applications_received"].items() if n} == want["received"]
    assert {t: n for t, n in report["permits_issued"].items() if n} == want["issued"]
    assert report["refused"]["total"] == 1
    assert {g: n for g, n in report["refused"]["by_ground"].items() if n} == want["grounds"]
    assert report["withdrawn"] == want["withdrawn"] == 1
    column = {"firearm": "firearms", "cartridges": "cartridges"}
    authorised = {
        (r["permit_type"], r["country"], kind): r[column[kind]]
        for r in report["authorised"]
        for kind in column
        if r[column[kind]]
    }
    assert authorised == {(t, c, k): n for t, c, k, n in want["authorised"]}
    assert sum(r["firearms"] for r in report["shipped"]) == want["shipped"]["firearm"] == 1
    assert (report["suspensions"], report["revocations"]) == (1, 1)
    timing = report["decision_working_days"]
    assert timing["decisions"] == len(want["durations"]) == 3
    assert timing["median"] == statistics.median(want["durations"])
    assert timing["p90"] == max(want["durations"]) == 15  # 6 March .. 27 March, Nauryz skipped


def test_a_year_without_records_is_a_report_of_zeros(session):
    report = annual_report(session, Cast().auditor, 2019, clock())
    assert sum(report["applications_received"].values()) == 0
    assert report["authorised"] == report["shipped"] == []
    assert report["decision_working_days"] == {"decisions": 0, "median": None, "p90": None,
                                               "overdue_decisions": 0}  # fmt: skip


def test_only_ministry_staff_read_reports_and_the_year_must_be_plausible(session):
    cast = Cast()
    with pytest.raises(errors.PermissionDenied):
        annual_report(session, cast.head, YEAR, clock())
    with pytest.raises(errors.InvalidInput):
        annual_report(session, cast.auditor, 1066, clock())
