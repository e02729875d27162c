"""The signed-in user as the web pages and Flask-Login see them (no ORM object kept)."""

from __future__ import annotations

from dataclasses import dataclass

from permits.models import User


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

    is_authenticated = True
    is_active = True
    is_anonymous = False

    @classmethod
    def of(cls, user: User) -> WebUser:
        """Copy a user's identity."""
        return cls(user.id, user.username, user.full_name, user.role, user.firm_id,
                   bool(user.is_head), user.totp_secret is not None)  # fmt: skip

    def get_id(self) -> str:
        """Flask-Login's user id."""
        return str(self.id)
