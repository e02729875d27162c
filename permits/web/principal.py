"""The signed-in user as the web pages and Flask-Login see them (no ORM object kept)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import g

from permits.models import User

SIGNED_IN = "permits.web_user"


@dataclass(frozen=True)
class WebUser:
    """Who is signed in: what the services need, and what Flask-Login asks."""

    id: int
    username: str
    full_name: str
    role: str
    firm_id: int | None
    is_head: bool
    totp_enabled: bool
    must_change_password: bool = False

    is_authenticated = True
    is_active = True
    is_anonymous = False

    @classmethod
    def of(cls, user: User) -> WebUser:
        """Copy a user's identity."""
        return cls(user.id, user.username, user.full_name, user.role, user.firm_id,
                   bool(user.is_head), user.totp_secret is not None,
                   bool(user.must_change_password))  # fmt: skip

    def get_id(self) -> str:
        """Flask-Login's user id."""
        return str(self.id)


def remember_signed_in(user: WebUser) -> None:
    """Note who this request's pages found signed in (the request log reads it)."""
    g.setdefault(SIGNED_IN, user)


def signed_in_id() -> int | None:
    """The id of the user this request found signed in; None if nobody, or if the request never
    asked (a static file: loading the user there would cost a query, or a write)."""
    user = g.get(SIGNED_IN)
    return user.id if user is not None else None
