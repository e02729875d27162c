"""Who may see what: every firm-scoped query goes through these functions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, false, select, true
from sqlalchemy.orm import Session

from permits.domain.actors import Principal
from permits.domain.errors import NotFound, PermissionDenied
from permits.models import Application

MAX_ID = 2**31 - 1  # the INTEGER primary keys of every table


def is_record_id(value: int) -> bool:
    """True when the value could be a row's id (a database refuses to compare out-of-range ones)."""
    return isinstance(value, int) and 1 <= value <= MAX_ID


APPLICATION_READERS = ("applicant", "officer", "approver", "auditor")


def application_visibility(actor: Principal) -> Any:
    """The WHERE clause limiting applications to those the actor may see.

    Applicants see their own firm's; officers and approvers see what has been submitted (never a
    firm's unsent drafts); auditors see everything; admins and customs work with no applications
    (PermissionDenied).
    """
    require_role(actor, *APPLICATION_READERS)
    if actor.role == "applicant":
        return Application.firm_id == actor.firm_id if actor.firm_id is not None else false()
    if actor.role in ("officer", "approver"):
        return Application.submitted_at.is_not(None)
    return true()


def visible_applications(actor: Principal) -> Select[tuple[Application]]:
    """A SELECT of the applications the actor may see."""
    return select(Application).where(application_visibility(actor))


def load_application(
    session: Session, actor: Principal, application_id: int, for_update: bool = False
) -> Application:
    """One application the actor may see; NotFound otherwise, never revealing that it exists."""
    if not is_record_id(application_id):
        raise NotFound(f"Application {application_id} not found")
    query = visible_applications(actor).where(Application.id == application_id)
    if for_update:
        query = query.with_for_update()
    application = session.scalars(query).one_or_none()
    if application is None:
        raise NotFound(f"Application {application_id} not found")
    return application


def require_role(actor: Principal, *roles: str) -> None:
    """Raise PermissionDenied unless the actor has one of the roles."""
    if actor.role not in roles:
        raise PermissionDenied(
            f"A user with role '{actor.role}' cannot do this (allowed: {', '.join(roles)})"
        )
