"""Issued permits: who may see them, their lifecycle (suspend, reinstate, revoke, expire)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Select, false, select, true
from sqlalchemy.orm import Session

import workflows
from permits.audit.chain import record_event
from permits.domain import errors
from permits.domain.access import require_role
from permits.domain.actors import Principal, SystemActor, as_workflow_actor
from permits.domain.clock import Clock
from permits.models import Permit
from permits.services.uow import unit_of_work
from permits.services.workflow_errors import as_domain_errors

SYSTEM = SystemActor(username="system:permits", role="system")
PERMIT_READERS = ("applicant", "officer", "approver", "customs", "auditor")


def permit_visibility(actor: Principal) -> Any:
    """Applicants see their firm's permits; Ministry staff and customs see every permit."""
    require_role(actor, *PERMIT_READERS)
    if actor.role == "applicant":
        return Permit.firm_id == actor.firm_id if actor.firm_id is not None else false()
    return true()


def visible_permits(actor: Principal) -> Select[tuple[Permit]]:
    """A SELECT of the permits the actor may see."""
    return select(Permit).where(permit_visibility(actor))


def _engine() -> workflows.Engine:
    return workflows.REGISTRY.engine("permit", workflows.latest_version("permit"))


def fire_permit(session: Session, actor: Principal, permit: Permit, action: str,
                reason: str | None) -> None:  # fmt: skip
    """Move a permit through its lifecycle and audit it, in the caller's transaction."""
    with as_domain_errors():
        before, after = _engine().fire(
            permit, action, as_workflow_actor(actor), {}, {"reason": reason}
        )
    session.flush()
    record_event(
        session, actor, f"permit.{action}", ("permit", permit.number),
        states=(before, after), reason=reason, payload={"version": permit.version},
    )  # fmt: skip


def expire_if_due(session: Session, number: str, today: date) -> None:
    """Expiry is evaluated on every read: a permit past its last day (``today`` being the
    Ministry's date) becomes expired; valid until D means valid to the Ministry's midnight."""
    with unit_of_work(session):
        permit = session.scalars(
            select(Permit).where(Permit.number == number).with_for_update()
        ).one_or_none()
        if permit and permit.status in ("active", "suspended") and permit.valid_until < today:
            fire_permit(session, SYSTEM, permit, "expire", None)


def get_permit(session: Session, actor: Principal, number: str, clock: Clock) -> Permit:
    """One permit the actor may see, its expiry brought up to date on the Ministry's today."""
    require_role(actor, *PERMIT_READERS)
    expire_if_due(session, number, clock.today())
    permit = session.scalars(visible_permits(actor).where(Permit.number == number)).one_or_none()
    if permit is None:
        raise errors.NotFound(f"Permit {number} not found")
    return permit


def list_permits(session: Session, actor: Principal, clock: Clock,
                 status: str | None = None) -> list[Permit]:  # fmt: skip
    """The permits the actor may see, newest first (expiry brought up to date first)."""
    expire_due_permits(session, clock)
    query = visible_permits(actor).order_by(Permit.id.desc())
    if status is not None:
        query = query.where(Permit.status == status)
    return list(session.scalars(query))


def expire_due_permits(session: Session, clock: Clock) -> int:
    """Expire every active or suspended permit whose validity ended before the Ministry's
    today; return how many."""
    today = clock.today()
    due = session.scalars(
        select(Permit.number).where(
            Permit.status.in_(("active", "suspended")), Permit.valid_until < today
        )
    ).all()
    for number in due:
        expire_if_due(session, number, today)
    return len(due)


def permit_action(
    session: Session,
    actor: Principal,
    number: str,
    action: str,
    *,
    clock: Clock,
    reason: str | None = None,
    expected_version: int | None = None,
) -> Permit:
    """Suspend, reinstate or revoke a permit (approvers, with a reason), audited."""
    reason = (reason or "").strip() or None
    get_permit(session, actor, number, clock)
    with unit_of_work(session):
        permit = session.scalars(
            visible_permits(actor).where(Permit.number == number).with_for_update()
        ).one()
        with as_domain_errors():  # role before state or version
            spec = _engine().require_access(action, as_workflow_actor(actor), {})
        if not spec.effects.manual:
            raise errors.PermissionDenied(f"'{action}' happens by itself, never by hand")
        if expected_version is not None and permit.version != expected_version:
            raise errors.StaleVersion(f"The permit is at version {permit.version}")
        fire_permit(session, actor, permit, action, reason)
    return permit
