"""Reference data maintained by admins: countries, customs points, the State register."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from permits.models.base import Base


class Country(Base):
    """An ISO 3166 country, with the flags the rules depend on."""

    __tablename__ = "countries"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    # Seed A.7(i): the end-user certificate is presented "if the legislation of the exporting
    # country so requires"; the admin records which countries' law does.
    requires_end_user_certificate: Mapped[bool] = mapped_column(Boolean, default=False)


class CustomsPoint(Base):
    """A customs point through which goods enter or leave Kazakhstan."""

    __tablename__ = "customs_points"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    border_country: Mapped[str | None] = mapped_column(ForeignKey("countries.code"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class WeaponModel(Base):
    """An entry of the State register of civilian and service weapons and cartridges."""

    __tablename__ = "weapon_models"
    __table_args__ = (UniqueConstraint("manufacturer", "model", "calibre"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    manufacturer: Mapped[str] = mapped_column(String(200))
    model: Mapped[str] = mapped_column(String(200))
    calibre: Mapped[str] = mapped_column(String(50))
    register_number: Mapped[str | None] = mapped_column(String(50))
    registered_on: Mapped[date | None] = mapped_column(Date)
