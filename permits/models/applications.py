"""Applications for permits, their goods lines and the weapons' markings."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from permits.models.base import Base, UTCDateTime, utcnow
from permits.models.documents import Document
from permits.models.firms import Firm, User
from permits.models.reference import WeaponModel

if TYPE_CHECKING:
    from permits.models.permits import Permit

PERMIT_TYPES = ("import", "export", "transit", "re_export")
GOODS_KINDS = ("firearm", "cartridges", "parts")
GOODS_CATEGORIES = ("civilian", "service")
REFUSAL_GROUNDS = (
    "embargo",
    "sanctions_match",
    "diversion_risk",
    "documents",
    "not_licensed",
    "other",
)


class Application(Base):
    """One request for one permit, moving through its workflow definition."""

    __tablename__ = "applications"
    __table_args__ = (
        CheckConstraint(
            "permit_type IN ('import','export','transit','re_export')", name="permit_type"
        ),
        Index("ix_applications_status_submitted", "status", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    permit_type: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(32), default="draft")
    version: Mapped[int] = mapped_column(Integer)
    definition_version: Mapped[int] = mapped_column(Integer)

    responsible_full_name: Mapped[str | None] = mapped_column(String(200))
    responsible_id_document_type: Mapped[str | None] = mapped_column(String(32))
    responsible_id_document_number: Mapped[str | None] = mapped_column(String(32))
    responsible_iin: Mapped[str | None] = mapped_column(String(12))
    counterpart_country: Mapped[str | None] = mapped_column(ForeignKey("countries.code"))
    customs_point: Mapped[str | None] = mapped_column(ForeignKey("customs_points.code"))
    contract_reference: Mapped[str | None] = mapped_column(String(100))
    end_user_name: Mapped[str | None] = mapped_column(String(300))
    end_user_country: Mapped[str | None] = mapped_column(ForeignKey("countries.code"))
    end_user_address: Mapped[str | None] = mapped_column(String(500))
    consignee_name: Mapped[str | None] = mapped_column(String(300))
    consignee_country: Mapped[str | None] = mapped_column(ForeignKey("countries.code"))
    consignee_address: Mapped[str | None] = mapped_column(String(500))
    carrier_name: Mapped[str | None] = mapped_column(String(300))
    carrier_country: Mapped[str | None] = mapped_column(ForeignKey("countries.code"))
    carrier_address: Mapped[str | None] = mapped_column(String(500))
    broker_name: Mapped[str | None] = mapped_column(String(300))
    broker_country: Mapped[str | None] = mapped_column(ForeignKey("countries.code"))
    broker_address: Mapped[str | None] = mapped_column(String(500))
    reexport_of: Mapped[str | None] = mapped_column(String(32), index=True)
    recommendation: Mapped[str | None] = mapped_column(String(16))
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    refusal_grounds: Mapped[list[str] | None] = mapped_column(JSON)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # Deadlines in working days (DESIGN 5): the completeness check, then the decision.
    completeness_due_on: Mapped[date | None] = mapped_column(Date)
    decision_due_on: Mapped[date | None] = mapped_column(Date)
    decision_extension_reason: Mapped[str | None] = mapped_column(Text)
    # The reference-list versions the decision was checked against.
    embargo_list_version: Mapped[int | None] = mapped_column(Integer)
    sanctions_list_version: Mapped[int | None] = mapped_column(Integer)

    firm: Mapped[Firm] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[created_by_id])
    assignee: Mapped[User | None] = relationship(foreign_keys=[assigned_to_id])
    transit_countries: Mapped[list[TransitCountry]] = relationship(
        order_by="TransitCountry.position", cascade="all, delete-orphan"
    )
    goods: Mapped[list[GoodsLine]] = relationship(
        order_by="GoodsLine.position", cascade="all, delete-orphan"
    )
    documents: Mapped[list[Document]] = relationship(order_by="Document.id", viewonly=True)
    permit: Mapped[Permit | None] = relationship("Permit", viewonly=True, uselist=False)

    # Optimistic locking: every UPDATE says "WHERE version = <the one read>" and bumps it.
    __mapper_args__ = {"version_id_col": version}

    @property
    def transit_country_codes(self) -> list[str]:
        """The transit countries' codes, in route order."""
        return [t.country_code for t in self.transit_countries]


class TransitCountry(Base):
    """A country the goods cross on their route, in order."""

    __tablename__ = "application_transit_countries"

    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    country_code: Mapped[str] = mapped_column(ForeignKey("countries.code"))


class GoodsLine(Base):
    """One kind of goods on an application: a weapon model, cartridges or parts."""

    __tablename__ = "goods_lines"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("kind IN ('firearm','cartridges','parts')", name="kind"),
        CheckConstraint("category IN ('civilian','service')", name="category"),
        UniqueConstraint("application_id", "position"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(16))
    model: Mapped[str] = mapped_column(String(200))
    calibre: Mapped[str] = mapped_column(String(50))
    manufacturer: Mapped[str] = mapped_column(String(200))
    country_of_manufacture: Mapped[str] = mapped_column(ForeignKey("countries.code"))
    quantity: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(16))
    unit_value: Mapped[Decimal] = mapped_column(Numeric(16, 2))
    currency: Mapped[str] = mapped_column(String(3))
    hs_code: Mapped[str] = mapped_column(String(10))
    in_state_register: Mapped[bool] = mapped_column(Boolean, default=False)
    # The register entry the line matched when it was written: kept when the model is later
    # taken off the register, so the application still reads what it was checked against.
    weapon_model_id: Mapped[int | None] = mapped_column(ForeignKey("weapon_models.id"), index=True)
    description: Mapped[str | None] = mapped_column(Text)

    markings: Mapped[list[Marking]] = relationship(
        order_by="Marking.position", cascade="all, delete-orphan"
    )
    register_entry: Mapped[WeaponModel | None] = relationship()

    @property
    def serial_numbers(self) -> list[str]:
        """The individual serial numbers of the weapons on this line."""
        return [m.serial for m in self.markings]


class Marking(Base):
    """The individual serial number of one weapon (seed A.2(ii), A.9)."""

    __tablename__ = "markings"
    __table_args__ = (UniqueConstraint("goods_line_id", "serial"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    goods_line_id: Mapped[int] = mapped_column(ForeignKey("goods_lines.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    serial: Mapped[str] = mapped_column(String(64), index=True)
