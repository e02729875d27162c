"""Reference data maintained by admins: countries, customs points, the State register."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from permits.models.base import Base, UTCDateTime, utcnow


class Country(Base):
    """An ISO 3166 country, with the flags the rules depend on."""

    __tablename__ = "countries"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    # Seed A.7(i): the end-user certificate is presented "if the legislation of the exporting
    # country so requires"; the admin records which countries' law does.
    requires_end_user_certificate: Mapped[bool] = mapped_column(Boolean, default=False)
    # What the admin knows of arms embargoes on the country, for the officers who read it.
    embargo_notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}


class CustomsPoint(Base):
    """A customs point through which goods enter or leave Kazakhstan."""

    __tablename__ = "customs_points"
    __table_args__ = (CheckConstraint("kind IN ('border','airport','inland')", name="kind"),)

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # A land border post faces one neighbouring country; airports and inland posts face none.
    kind: Mapped[str] = mapped_column(String(10), default="border", server_default="border")
    border_country: Mapped[str | None] = mapped_column(ForeignKey("countries.code"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}


class WeaponModel(Base):
    """An entry of the State register of civilian and service weapons and cartridges.

    Entries are never deleted: a model taken off the register keeps its row with
    ``date_removed`` set, so the applications and permits that named it still read it.
    """

    __tablename__ = "weapon_models"
    __table_args__ = (
        CheckConstraint("kind IN ('firearm','cartridges','parts')", name="kind"),
        CheckConstraint("category IN ('civilian','service')", name="category"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    register_number: Mapped[str] = mapped_column(String(50), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    # Entries made before the register was imported from files may lack these three.
    category: Mapped[str | None] = mapped_column(String(16))
    manufacturer: Mapped[str] = mapped_column(String(200))
    model: Mapped[str] = mapped_column(String(200))
    calibre: Mapped[str] = mapped_column(String(50))
    country_of_manufacture: Mapped[str | None] = mapped_column(ForeignKey("countries.code"))
    date_added: Mapped[date | None] = mapped_column(Date)
    date_removed: Mapped[date | None] = mapped_column(Date)

    @property
    def in_force(self) -> bool:
        """Whether the model is on the register now (not removed)."""
        return self.date_removed is None


class RegisterVersion(Base):
    """One import of the State register from a file: what it added, changed and removed."""

    __tablename__ = "register_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, unique=True)
    source_name: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    record_count: Mapped[int] = mapped_column(Integer)
    added: Mapped[int] = mapped_column(Integer)
    changed: Mapped[int] = mapped_column(Integer)
    removed: Mapped[int] = mapped_column(Integer)
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    loaded_by: Mapped[str] = mapped_column(String(100))
