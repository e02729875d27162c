"""Compliance reference data (embargo regimes, the UN sanctions list, marking year codes) and
the officers' recorded clearances of compliance blockers."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from permits.models.base import Base, UTCDateTime, utcnow

LIST_KINDS = ("embargoes", "sanctions")
EMBARGO_SCOPES = ("full", "non_government", "listed_parties")
EMBARGO_DIRECTIONS = ("to", "from", "both")


class ListVersion(Base):
    """One loaded version of a reference list; the newest of a kind is the one in force."""

    __tablename__ = "list_versions"
    __table_args__ = (
        UniqueConstraint("kind", "version"),
        CheckConstraint("kind IN ('embargoes','sanctions')", name="kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer)
    label: Mapped[str | None] = mapped_column(String(100))
    source_name: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    record_count: Mapped[int] = mapped_column(Integer)
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    loaded_by: Mapped[str] = mapped_column(String(100))


class EmbargoRegime(Base):
    """A UN Security Council arms-embargo regime as one list version states it."""

    __tablename__ = "embargo_regimes"
    __table_args__ = (
        CheckConstraint("scope IN ('full','non_government','listed_parties')", name="scope"),
        CheckConstraint("direction IN ('to','from','both')", name="direction"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    list_version_id: Mapped[int] = mapped_column(ForeignKey("list_versions.id"), index=True)
    regime: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(ForeignKey("countries.code"))
    scope: Mapped[str] = mapped_column(String(16))
    direction: Mapped[str] = mapped_column(String(8))
    resolutions: Mapped[list[str]] = mapped_column(JSON)
    effective_from: Mapped[date] = mapped_column(Date)
    effective_to: Mapped[date | None] = mapped_column(Date)


class SanctionsEntry(Base):
    """An individual or entity on the UN Security Council consolidated list."""

    __tablename__ = "sanctions_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    list_version_id: Mapped[int] = mapped_column(ForeignKey("list_versions.id"), index=True)
    reference_number: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))
    list_type: Mapped[str | None] = mapped_column(String(64))
    primary_name: Mapped[str] = mapped_column(String(500))
    listed_on: Mapped[date | None] = mapped_column(Date)

    names: Mapped[list[SanctionsName]] = relationship(
        order_by="SanctionsName.id", cascade="all, delete-orphan"
    )


class SanctionsName(Base):
    """A name or alias of a listed individual or entity, with its normalised form."""

    __tablename__ = "sanctions_names"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("sanctions_entries.id"), index=True)
    name: Mapped[str] = mapped_column(String(500))
    normalized: Mapped[str] = mapped_column(String(500))
    is_alias: Mapped[bool] = mapped_column(Boolean, default=False)
    quality: Mapped[str | None] = mapped_column(String(16))


class MarkingYearCode(Base):
    """The letter index that marks the year of manufacture of a Kazakh-made weapon (seed A.9)."""

    __tablename__ = "marking_year_codes"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(2), unique=True)


class Clearance(Base):
    """An officer's recorded reason for clearing one clearable compliance blocker."""

    __tablename__ = "clearances"
    __table_args__ = (UniqueConstraint("application_id", "code", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(300))
    reason: Mapped[str] = mapped_column(Text)
    end_user_is_government: Mapped[bool | None] = mapped_column(Boolean)
    cleared_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    cleared_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
