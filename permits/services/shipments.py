"""Customs draw permits down: each shipment is checked against what remains, serial by serial."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from permits.audit.chain import record_event
from permits.domain import errors
from permits.domain.access import require_role
from permits.domain.actors import Principal
from permits.domain.clock import Clock
from permits.domain.form_checks import Problems
from permits.models import Permit, PermitLine, Shipment, ShipmentLine
from permits.services.permits import SYSTEM, expire_if_due, fire_permit
from permits.services.uow import unit_of_work


def shipped_serials(session: Session, goods_line_id: int) -> set[str]:
    """The serial numbers of one goods line that customs has already seen go."""
    rows = session.scalars(
        select(ShipmentLine.serial_numbers).where(ShipmentLine.goods_line_id == goods_line_id)
    )
    return {serial for serials in rows for serial in serials or []}


def _check_line(session: Session, index: int, line: Mapping[str, Any],
                permit_lines: dict[int, PermitLine], problems: Problems) -> None:  # fmt: skip
    field = f"lines[{index}]"
    held = permit_lines.get(line.get("goods_line_id"))
    if held is None:
        problems.add(f"{field}.goods_line_id", "This goods line is not on the permit.")
        return
    quantity, remaining = line.get("quantity", 0), held.quantity - held.quantity_shipped
    if not 0 < quantity <= remaining:
        problems.add(f"{field}.quantity", f"Between 1 and the {remaining} that remain.")
    goods = held.goods_line
    serials = list(line.get("serial_numbers") or [])
    if goods.kind == "firearm" and len(serials) != quantity:
        problems.add(f"{field}.serial_numbers", "One serial number per firearm shipped.")
    unknown = [s for s in serials if s not in goods.serial_numbers]
    again = sorted(set(serials) & shipped_serials(session, goods.id))
    if unknown:
        problems.add(f"{field}.serial_numbers", f"Not on the permit: {', '.join(unknown)}.")
    if again or len(set(serials)) != len(serials):
        problems.add(
            f"{field}.serial_numbers", f"Already shipped: {', '.join(again) or 'repeated'}."
        )


def _active_permit(session: Session, number: str) -> Permit:
    permit = session.scalars(
        select(Permit).where(Permit.number == number).with_for_update()
    ).one_or_none()
    if permit is None:
        raise errors.NotFound(f"Permit {number} not found")
    if permit.status != "active":
        raise errors.InvalidState(f"The permit is {permit.status}: no shipment can be recorded")
    return permit


def _check_date(permit: Permit, shipped_on: date, today: date, problems: Problems) -> None:
    """A shipment happens within the permit's validity and not later than the Ministry's today
    (its local date: at 00:30 in Astana the new day's shipments are accepted, whatever the date
    in UTC)."""
    if not permit.valid_from <= shipped_on <= permit.valid_until:
        problems.add(
            "shipped_on",
            f"The permit is valid from {permit.valid_from.isoformat()} to "
            f"{permit.valid_until.isoformat()}; {shipped_on.isoformat()} is outside it.",
        )
    elif shipped_on > today:
        problems.add("shipped_on", f"{shipped_on.isoformat()} is after today, {today}.")


def _check(session: Session, permit: Permit, customs_point: str, shipped_on: date,
           lines: Sequence[Mapping[str, Any]], today: date) -> dict[int, PermitLine]:  # fmt: skip
    problems, held = Problems(), {line.goods_line_id: line for line in permit.lines}
    _check_date(permit, shipped_on, today, problems)
    if customs_point != permit.customs_point:
        problems.add("customs_point", f"The permit names customs point {permit.customs_point}.")
    if not lines:
        problems.add("lines", "At least one line.")
    for index, line in enumerate(lines):
        _check_line(session, index, line, held, problems)
    problems.raise_if_any()
    return held


def record_shipment(session: Session, actor: Principal, number: str, customs_point: str,
                    shipped_on: date, lines: Sequence[Mapping[str, Any]], *,
                    clock: Clock) -> Shipment:  # fmt: skip
    """Record a shipment (customs officers); the last one exhausts the permit."""
    require_role(actor, "customs")
    today = clock.today()
    expire_if_due(session, number, today)
    with unit_of_work(session):
        permit = _active_permit(session, number)
        held = _check(session, permit, customs_point, shipped_on, lines, today)
        shipment = Shipment(
            permit_id=permit.id, customs_point=customs_point, shipped_on=shipped_on,
            recorded_by_id=actor.id,
            lines=[ShipmentLine(goods_line_id=line["goods_line_id"], quantity=line["quantity"],
                                serial_numbers=list(line.get("serial_numbers") or []))
                   for line in lines],
        )  # fmt: skip
        for line in lines:
            held[line["goods_line_id"]].quantity_shipped += line["quantity"]
        session.add(shipment)
        session.flush()
        payload = {"shipment_id": shipment.id, "lines": [dict(line) for line in lines]}
        record_event(session, actor, "permit.shipment", ("permit", permit.number), payload=payload)
        if all(line.quantity_shipped == line.quantity for line in permit.lines):
            fire_permit(session, SYSTEM, permit, "exhaust", None)
    return shipment
