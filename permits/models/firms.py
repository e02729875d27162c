"""Firms (legal persons licensed to trade) and the users of the system."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from permits.models.base import Base, UTCDateTime, utcnow

ROLES = ("applicant", "officer", "approver", "customs", "auditor", "admin")


class Firm(Base):
    """A legal person holding a licence to trade in civilian or service weapons."""

    __tablename__ = "firms"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    bin: Mapped[str] = mapped_column(String(12), unique=True)
    address: Mapped[str] = mapped_column(String(500), default="")
    licence_number: Mapped[str] = mapped_column(String(64))
    licence_valid_until: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # While set, the firm submits nothing; its live permits stay for an approver to decide on.
    licence_suspended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    users: Mapped[list[User]] = relationship(back_populates="firm")


class User(Base):
    """A person who signs in; applicants belong to one firm, Ministry staff to none."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(
            "role IN ('applicant','officer','approver','customs','auditor','admin')", name="role"
        ),
        CheckConstraint(
            "(role = 'applicant' AND firm_id IS NOT NULL)"
            " OR (role <> 'applicant' AND firm_id IS NULL)",
            name="firm_only_for_applicants",
        ),
        CheckConstraint("is_head = false OR role = 'applicant'", name="head_only_for_applicants"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    firm_id: Mapped[int | None] = mapped_column(ForeignKey("firms.id"), index=True)
    is_head: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Set by an admin's password reset: the user changes it before reaching any other page.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Second factor (TOTP, RFC 6238) for Ministry staff; the last time step used, so that a
    # code is accepted once.
    totp_secret: Mapped[str | None] = mapped_column(String(255))  # encrypted: second_factor_keys
    totp_last_step: Mapped[int | None] = mapped_column(Integer)

    firm: Mapped[Firm | None] = relationship(back_populates="users")
