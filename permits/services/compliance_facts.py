"""The facts the compliance guards read, gathered from the database: re-export sources, serial
numbers on live permits, earlier refusals and officers' clearances."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from permits.compliance.names import normalize_name
from permits.domain.clock import Clock
from permits.models import (
    Application,
    Clearance,
    GoodsLine,
    Marking,
    Permit,
    PermitLine,
    ShipmentLine,
)

LIVE_PERMITS = ("active", "suspended")


def clearances(session: Session, application_id: int) -> set[tuple[str, str]]:
    """(code, key) of every blocker an officer cleared on the application."""
    rows = session.execute(
        select(Clearance.code, Clearance.key).where(Clearance.application_id == application_id)
    )
    return {(row.code, row.key) for row in rows}


def _imported_serials(session: Session, goods_line_ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {i: [] for i in goods_line_ids}
    rows = session.execute(
        select(ShipmentLine.goods_line_id, ShipmentLine.serial_numbers).where(
            ShipmentLine.goods_line_id.in_(goods_line_ids)
        )
    )
    for row in rows:
        found[row.goods_line_id].extend(row.serial_numbers or [])
    return found


def _reexported(session: Session, number: str, application_id: int) -> list[dict[str, Any]]:
    rows = session.execute(
        select(GoodsLine.model, GoodsLine.calibre, func.sum(GoodsLine.quantity).label("quantity"))
        .join(Application, Application.id == GoodsLine.application_id)
        .where(
            Application.reexport_of == number,
            Application.status == "approved",
            Application.id != application_id,
        )
        .group_by(GoodsLine.model, GoodsLine.calibre)
    )
    return [{"model": r.model, "calibre": r.calibre, "quantity": int(r.quantity)} for r in rows]


def reexport_source(session: Session, application: Application) -> dict[str, Any] | None:
    """The import permit a re-export names, what entered under it and what already left."""
    number = application.reexport_of
    if application.permit_type != "re_export" or not number:
        return None
    permit = session.scalars(select(Permit).where(Permit.number == number)).one_or_none()
    if permit is None:
        return {"number": number, "found": False}
    serials = _imported_serials(session, [line.goods_line_id for line in permit.lines])
    lines = [
        {
            "model": line.goods_line.model,
            "calibre": line.goods_line.calibre,
            "imported": line.quantity_shipped,
            "serials": serials[line.goods_line_id],
        }
        for line in permit.lines
    ]
    return {
        "number": number,
        "found": True,
        "permit_type": permit.permit_type,
        "same_firm": permit.firm_id == application.firm_id,
        "status": permit.status,
        "lines": lines,
        "reexported": _reexported(session, number, application.id),
    }


def serial_conflicts(session: Session, application: Application) -> list[dict[str, Any]]:
    """Serials of the application's firearms already on a live permit for the same weapon."""
    wanted = {
        (m.serial, line.manufacturer.lower(), line.model.lower()): index
        for index, line in enumerate(application.goods)
        for m in line.markings
    }
    if not wanted:
        return []
    rows = session.execute(
        select(Marking.serial, GoodsLine.manufacturer, GoodsLine.model, Permit.number)
        .join(GoodsLine, GoodsLine.id == Marking.goods_line_id)
        .join(PermitLine, PermitLine.goods_line_id == GoodsLine.id)
        .join(Permit, Permit.id == PermitLine.permit_id)
        .where(
            Marking.serial.in_({serial for serial, _, _ in wanted}),
            Permit.status.in_(LIVE_PERMITS),
            GoodsLine.application_id != application.id,
            Permit.number != (application.reexport_of or ""),
        )
        .order_by(Permit.number, Marking.serial)
    )
    conflicts = []
    for row in rows:
        index = wanted.get((row.serial, row.manufacturer.lower(), row.model.lower()))
        if index is not None:
            conflicts.append(
                {
                    "line": index,
                    "serial": row.serial,
                    "permit": row.number,
                    "manufacturer": row.manufacturer,
                    "model": row.model,
                }
            )
    return conflicts


def similar_refusals(session: Session, application: Application, years: int,
                     clock: Clock) -> list[dict]:  # fmt: skip
    """Refusals within ``years`` of the same firm, consignee and a goods model in common, each
    with the Ministry's date of its decision."""
    consignee = normalize_name(application.consignee_name or "")
    models = {line.model.strip().lower() for line in application.goods}
    if not consignee or not models:
        return []
    since = clock.now() - timedelta(days=365 * years + years // 4)
    candidates = session.scalars(
        select(Application)
        .where(
            Application.firm_id == application.firm_id,
            Application.status == "refused",
            Application.decided_at >= since,
            Application.id != application.id,
        )
        .order_by(Application.decided_at.desc())
    )
    return [
        {"application_id": other.id, "decided_on": clock.local_date(other.decided_at).isoformat()}
        for other in candidates
        if normalize_name(other.consignee_name or "") == consignee
        and models & {line.model.strip().lower() for line in other.goods}
    ]
