"""Permits issued on approval, their goods, the per-type numbering, and customs shipments."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from permits.models.base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from permits.models.applications import GoodsLine

PERMIT_STATUSES = ("active", "suspended", "revoked", "expired", "exhausted")


class PermitCounter(Base):
    """The last number issued per permit type and year; locked while a number is taken."""

    __tablename__ = "permit_counters"

    permit_type: Mapped[str] = mapped_column(String(16), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class Permit(Base):
    """A signed permit: number, validity, status, and the hash of its signed PDF."""

    __tablename__ = "permits"
    __table_args__ = (
        UniqueConstraint("permit_type", "year", "sequence"),
        CheckConstraint(
            "status IN ('active','suspended','revoked','expired','exhausted')", name="status"
        ),
        CheckConstraint("valid_until >= valid_from", name="validity_order"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    permit_type: Mapped[str] = mapped_column(String(16))
    year: Mapped[int] = mapped_column(Integer)
    sequence: Mapped[int] = mapped_column(Integer)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), unique=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="active")
    version: Mapped[int] = mapped_column(Integer)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)
    customs_point: Mapped[str] = mapped_column(ForeignKey("customs_points.code"))
    token_hash: Mapped[str] = mapped_column(String(64))
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Firearms Protocol art. 8(1)(b): imported weapons get the importing country and the year.
    import_marking: Mapped[str | None] = mapped_column(String(16))

    lines: Mapped[list[PermitLine]] = relationship(order_by="PermitLine.id", cascade="all")

    __mapper_args__ = {"version_id_col": version}


class PermitLine(Base):
    """How much of one goods line the permit allows, and how much customs has seen go."""

    __tablename__ = "permit_lines"
    __table_args__ = (
        CheckConstraint("quantity_shipped >= 0 AND quantity_shipped <= quantity", name="shipped"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    permit_id: Mapped[int] = mapped_column(ForeignKey("permits.id"), index=True)
    goods_line_id: Mapped[int] = mapped_column(ForeignKey("goods_lines.id"), unique=True)
    quantity: Mapped[int] = mapped_column(Integer)
    quantity_shipped: Mapped[int] = mapped_column(Integer, default=0)

    # Loaded with the lines: every reader of a permit line wants its goods.
    goods_line: Mapped[GoodsLine] = relationship(lazy="selectin", viewonly=True)


class Shipment(Base):
    """Goods that left (or entered) through a customs point under a permit."""

    __tablename__ = "shipments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    permit_id: Mapped[int] = mapped_column(ForeignKey("permits.id"), index=True)
    customs_point: Mapped[str] = mapped_column(ForeignKey("customs_points.code"))
    shipped_on: Mapped[date] = mapped_column(Date)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    lines: Mapped[list[ShipmentLine]] = relationship(cascade="all")


class ShipmentLine(Base):
    """How much of one goods line went, and which weapons by serial number."""

    __tablename__ = "shipment_lines"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipments.id"), index=True)
    goods_line_id: Mapped[int] = mapped_column(ForeignKey("goods_lines.id"), index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    serial_numbers: Mapped[list[str]] = mapped_column(JSON, default=list)
