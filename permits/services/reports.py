"""The annual report: what was applied for, decided, authorised and shipped in a year, and how
long decisions took, computed from the records (years and days in Kazakhstan's time)."""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from permits.compliance.calendar import working_days_between
from permits.domain import errors
from permits.domain.access import require_role
from permits.domain.actors import Principal
from permits.domain.clock import Clock
from permits.models import Application, AuditEvent, GoodsLine, Permit, Shipment, ShipmentLine
from permits.models.applications import PERMIT_TYPES, REFUSAL_GROUNDS

REPORT_READERS = ("officer", "approver", "auditor")
FIRST_YEAR, LAST_YEAR = 1990, 2100
COUNTED_KINDS = {"firearm": "firearms", "cartridges": "cartridges"}


def _window(clock: Clock, year: int) -> tuple[datetime, datetime]:
    """The year's bounds: the Ministry's midnights of 1 January and of the next 1 January."""
    return datetime(year, 1, 1, tzinfo=clock.zone), datetime(year + 1, 1, 1, tzinfo=clock.zone)


def _events(session: Session, clock: Clock, year: int, *actions: str) -> list[AuditEvent]:
    lower, upper = _window(clock, year)
    return list(session.scalars(select(AuditEvent).where(
        AuditEvent.action.in_(actions), AuditEvent.occurred_at >= lower,
        AuditEvent.occurred_at < upper)))  # fmt: skip


def _received(session: Session, clock: Clock, year: int) -> dict[str, int]:
    ids = {int(e.subject_id) for e in _events(session, clock, year, "application.submit")}
    types = Counter(session.scalars(select(Application.permit_type).where(Application.id.in_(ids))))
    return {t: types.get(t, 0) for t in PERMIT_TYPES}


def _decided(session: Session, clock: Clock, year: int) -> list[Application]:
    lower, upper = _window(clock, year)
    return list(session.scalars(select(Application).where(
        Application.decided_at >= lower, Application.decided_at < upper,
        Application.status.in_(("approved", "refused")))))  # fmt: skip


def _refusals(decided: list[Application]) -> dict[str, Any]:
    refused = [a for a in decided if a.status == "refused"]
    grounds = Counter(g for a in refused for g in a.refusal_grounds or ["other"])
    return {"total": len(refused), "by_ground": {g: grounds.get(g, 0) for g in REFUSAL_GROUNDS}}


def _nearest_rank(values: list[int], share: float) -> int | None:
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)), 1) - 1] if ordered else None


def _durations(decided: list[Application], clock: Clock) -> dict[str, Any]:
    local = clock.local_date
    days = [working_days_between(local(a.accepted_at), local(a.decided_at))
            for a in decided if a.accepted_at]  # fmt: skip
    median = statistics.median(days) if days else None
    late = sum(1 for a in decided if a.decision_due_on and local(a.decided_at) > a.decision_due_on)
    return {"decisions": len(days), "median": median, "p90": _nearest_rank(days, 0.9),
            "overdue_decisions": late}  # fmt: skip


def _quantities(rows: Any) -> list[dict[str, Any]]:
    table: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for permit_type, country, kind, quantity in rows:
        if kind in COUNTED_KINDS:
            table[(permit_type, country or "")][COUNTED_KINDS[kind]] += quantity
    return [{"permit_type": t, "country": c, "firearms": q["firearms"],
             "cartridges": q["cartridges"]} for (t, c), q in sorted(table.items())]  # fmt: skip


def _issued(session: Session, clock: Clock, year: int) -> list[Permit]:
    lower, upper = _window(clock, year)
    return list(session.scalars(
        select(Permit).where(Permit.issued_at >= lower, Permit.issued_at < upper)
        .options(selectinload(Permit.lines))
    ))  # fmt: skip


def _authorised(session: Session, issued: list[Permit]) -> list[dict[str, Any]]:
    countries = dict(session.execute(select(Application.id, Application.counterpart_country)
                                     .where(Application.id.in_({p.application_id for p in issued}))
                                     ).all())  # fmt: skip
    return _quantities((p.permit_type, countries.get(p.application_id), line.goods_line.kind,
                        line.quantity) for p in issued for line in p.lines)  # fmt: skip


def _shipped(session: Session, year: int) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Permit.permit_type, Application.counterpart_country, GoodsLine.kind,
               ShipmentLine.quantity)
        .join(Shipment, Shipment.id == ShipmentLine.shipment_id)
        .join(Permit, Permit.id == Shipment.permit_id)
        .join(Application, Application.id == Permit.application_id)
        .join(GoodsLine, GoodsLine.id == ShipmentLine.goods_line_id)
        .where(Shipment.shipped_on >= date(year, 1, 1), Shipment.shipped_on <= date(year, 12, 31))
    ).all()  # fmt: skip
    return _quantities(rows)


def annual_report(session: Session, actor: Principal, year: int, clock: Clock) -> dict[str, Any]:
    """The year's figures, the year and its days in the clock's (the Ministry's) time zone; a
    year with no records gives a report of zeros, not an error."""
    require_role(actor, *REPORT_READERS)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise errors.InvalidInput({"year": [f"A year from {FIRST_YEAR} to {LAST_YEAR}."]})
    decided, issued = _decided(session, clock, year), _issued(session, clock, year)
    issued_types = Counter(p.permit_type for p in issued)
    return {
        "year": year,
        "applications_received": _received(session, clock, year),
        "permits_issued": {t: issued_types.get(t, 0) for t in PERMIT_TYPES},
        "refused": _refusals(decided),
        "withdrawn": len(_events(session, clock, year, "application.withdraw")),
        "authorised": _authorised(session, issued),
        "shipped": _shipped(session, year),
        "suspensions": len(_events(session, clock, year, "permit.suspend")),
        "revocations": len(_events(session, clock, year, "permit.revoke")),
        "decision_working_days": _durations(decided, clock),
    }
