"""What admins change after creation: a user's role and standing, a firm's licence.

The rules that keep the Ministry able to administer itself live here: no admin grants
themselves another role, and the last active admin is never deactivated or demoted.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from permits.audit.chain import record_event
from permits.domain import errors
from permits.domain.access import is_record_id, require_role
from permits.domain.actors import Principal
from permits.models import Firm, Permit, User
from permits.models.base import utcnow
from permits.models.firms import ROLES
from permits.services.auth import revoke_all_tokens
from permits.services.uow import unit_of_work

LIVE_PERMITS = ("active", "suspended")


def _user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id, with_for_update=True) if is_record_id(user_id) else None
    if user is None:
        raise errors.NotFound(f"User {user_id} not found")
    return user


def _firm(session: Session, firm_id: int) -> Firm:
    firm = session.get(Firm, firm_id, with_for_update=True) if is_record_id(firm_id) else None
    if firm is None:
        raise errors.NotFound(f"Firm {firm_id} not found")
    return firm


def _other_active_admins(session: Session, user_id: int) -> int:
    return session.scalar(
        select(func.count(User.id)).where(
            User.role == "admin", User.active.is_(True), User.id != user_id
        )
    )


def _keep_an_admin(session: Session, user: User) -> None:
    if user.role == "admin" and user.active and not _other_active_admins(session, user.id):
        raise errors.Conflict("This is the last active admin: make another admin first.")


def change_role(session: Session, actor: Principal, user_id: int, role: str) -> User:
    """Give a Ministry user another role (applicants belong to a firm and keep theirs)."""
    require_role(actor, "admin")
    if role not in ROLES or role == "applicant":
        raise errors.InvalidInput({"role": ["Choose a Ministry role."]})
    if user_id == actor.id:
        raise errors.Conflict("An admin cannot change their own role.")
    with unit_of_work(session):
        user = _user(session, user_id)
        if user.role == "applicant":
            raise errors.InvalidInput({"role": ["An applicant's role cannot change."]})
        if role != "admin":
            _keep_an_admin(session, user)
        before, user.role = user.role, role
        revoke_all_tokens(session, user.id)  # new rights take effect at the next sign-in
        record_event(session, actor, "user.role_change", ("user", user.id),
                     payload={"from": before, "to": role})  # fmt: skip
    return user


def deactivate_user(session: Session, actor: Principal, user_id: int) -> User:
    """Deactivate a user: every API token and web session of theirs ends at once."""
    require_role(actor, "admin")
    with unit_of_work(session):
        user = _user(session, user_id)
        _keep_an_admin(session, user)
        user.active = False
        revoke_all_tokens(session, user.id)
        record_event(session, actor, "user.deactivate", ("user", user.id))
    return user


def renew_licence(
    session: Session, actor: Principal, firm_id: int, licence_number: str, valid_until: date
) -> Firm:
    """Record a firm's renewed licence; a suspension ends with it."""
    require_role(actor, "admin")
    if not licence_number.strip() or len(licence_number) > 64:
        problem = "A licence number of 1 to 64 characters is required."
        raise errors.InvalidInput({"licence_number": [problem]})
    with unit_of_work(session):
        firm = _firm(session, firm_id)
        firm.licence_number, firm.licence_valid_until = licence_number.strip(), valid_until
        firm.licence_suspended_at = None
        record_event(session, actor, "firm.licence_renew", ("firm", firm.id),
                     payload={"licence_number": firm.licence_number,
                              "licence_valid_until": valid_until.isoformat()})  # fmt: skip
    return firm


def suspend_licence(session: Session, actor: Principal, firm_id: int, reason: str) -> Firm:
    """Suspend a firm's licence: it submits nothing until renewed."""
    require_role(actor, "admin")
    if not reason.strip():
        raise errors.InvalidInput({"reason": ["Say why the licence is suspended."]})
    with unit_of_work(session):
        firm = _firm(session, firm_id)
        if firm.licence_suspended_at is not None:
            raise errors.Conflict("The firm's licence is already suspended.")
        firm.licence_suspended_at = utcnow()
        record_event(session, actor, "firm.licence_suspend", ("firm", firm.id),
                     reason=reason.strip())  # fmt: skip
    return firm


def firm_live_permits(session: Session, actor: Principal, firm_id: int) -> list[Permit]:
    """A firm's permits still in force or suspended: what an approver decides on."""
    require_role(actor, "admin", "approver", "auditor")
    return list(session.scalars(
        select(Permit).where(Permit.firm_id == firm_id, Permit.status.in_(LIVE_PERMITS))
        .order_by(Permit.id)))  # fmt: skip


def require_licence_in_force(firm: Firm | None) -> None:
    """Refuse a submission by a firm whose licence is suspended."""
    if firm is not None and firm.licence_suspended_at is not None:
        raise errors.InvalidState("The firm's licence is suspended: it cannot submit.")


def get_user(session: Session, actor: Principal, user_id: int) -> User:
    """One user (admins)."""
    require_role(actor, "admin")
    user = session.get(User, user_id) if is_record_id(user_id) else None
    if user is None:
        raise errors.NotFound(f"User {user_id} not found")
    return user


def get_firm(session: Session, actor: Principal, firm_id: int) -> Firm:
    """One firm (admins)."""
    require_role(actor, "admin")
    firm = session.get(Firm, firm_id) if is_record_id(firm_id) else None
    if firm is None:
        raise errors.NotFound(f"Firm {firm_id} not found")
    return firm
