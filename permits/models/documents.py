"""Documents attached to applications: metadata, officer verification, and versions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from permits.models.base import Base, UTCDateTime, utcnow

SCAN_STATUSES = ("unscanned", "clean", "pending_scan", "infected")
VERIFICATIONS = ("pending", "accepted", "rejected")


class Document(Base):
    """One uploaded file with its checklist kind; stored by SHA-256 and never overwritten.

    A replacement is a new row pointing at the one it supersedes; the old row stays.
    """

    __tablename__ = "documents"
    __table_args__ = (
        CheckConstraint(
            "scan_status IN ('unscanned','clean','pending_scan','infected')", name="scan_status"
        ),
        CheckConstraint("verification IN ('pending','accepted','rejected')", name="verification"),
        CheckConstraint("size > 0", name="size_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    superseded: Mapped[bool] = mapped_column(Boolean, default=False)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(40))
    filename: Mapped[str] = mapped_column(String(255))

    number: Mapped[str] = mapped_column(String(100))
    issuer: Mapped[str] = mapped_column(String(300))
    issuing_country: Mapped[str] = mapped_column(ForeignKey("countries.code"))
    issued_on: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    authenticated: Mapped[bool] = mapped_column(Boolean, default=False)
    # Kind-specific metadata (covers_country, undertaking_no_reexport, end_user_name,
    # destination_country, quantities), checked by the checklist rules.
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    scan_status: Mapped[str] = mapped_column(String(16))
    scan_detail: Mapped[str | None] = mapped_column(String(200))
    verification: Mapped[str] = mapped_column(String(16), default="pending")
    verification_reason: Mapped[str | None] = mapped_column(Text)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
