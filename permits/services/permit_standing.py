"""Where a permit stands for the customs officer at the border: who holds it, each goods line
with what is allowed, shipped and left, and every shipment already recorded against it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from permits.domain.actors import Principal
from permits.domain.clock import Clock
from permits.models import Firm, GoodsLine, Permit, Shipment, User
from permits.services.permits import get_permit
from permits.services.shipments import shipped_serials


@dataclass(frozen=True)
class LineStanding:
    """One goods line of the permit: allowed, shipped, left, and the serials still to go."""

    goods: GoodsLine
    allowed: int
    shipped: int
    left: int
    serials_left: list[str]


@dataclass(frozen=True)
class ShippedLine:
    """What one shipment took of one goods line."""

    goods: GoodsLine
    quantity: int
    serial_numbers: list[str]


@dataclass(frozen=True)
class ShipmentRecord:
    """A shipment recorded against the permit; ``recorded_by`` is None for applicants, who
    never see officials' names."""

    shipped_on: date
    customs_point: str
    recorded_at: datetime
    recorded_by: str | None
    lines: list[ShippedLine]


@dataclass(frozen=True)
class PermitStanding:
    """A permit, its holder, its goods lines and its shipments, oldest first."""

    permit: Permit
    holder: Firm
    lines: list[LineStanding]
    shipments: list[ShipmentRecord]


def _line(session: Session, line: object) -> LineStanding:
    goods, shipped = line.goods_line, shipped_serials(session, line.goods_line_id)
    return LineStanding(
        goods=goods,
        allowed=line.quantity,
        shipped=line.quantity_shipped,
        left=line.quantity - line.quantity_shipped,
        serials_left=[s for s in goods.serial_numbers if s not in shipped],
    )


def _shipments(session: Session, actor: Principal, permit: Permit) -> list[ShipmentRecord]:
    found = session.scalars(
        select(Shipment).where(Shipment.permit_id == permit.id).order_by(Shipment.id)
    ).all()
    recorders = select(User).where(User.id.in_({s.recorded_by_id for s in found}))
    people = {user.id: user for user in session.scalars(recorders)}
    goods = {line.goods_line_id: line.goods_line for line in permit.lines}
    return [
        ShipmentRecord(
            shipped_on=s.shipped_on,
            customs_point=s.customs_point,
            recorded_at=s.recorded_at,
            recorded_by=None if actor.role == "applicant" else _name(people[s.recorded_by_id]),
            lines=[
                ShippedLine(goods[x.goods_line_id], x.quantity, list(x.serial_numbers or []))
                for x in s.lines
            ],
        )
        for s in found
    ]


def _name(user: User) -> str:
    return f"{user.full_name} ({user.username})" if user.full_name else user.username


def permit_standing(
    session: Session, actor: Principal, number: str, clock: Clock
) -> PermitStanding:
    """The permit as customs needs it at the border, for anyone who may see the permit (its
    expiry judged on the Ministry's today)."""
    permit = get_permit(session, actor, number, clock)
    return PermitStanding(
        permit=permit,
        holder=session.get(Firm, permit.firm_id),
        lines=[_line(session, line) for line in permit.lines],
        shipments=_shipments(session, actor, permit),
    )
