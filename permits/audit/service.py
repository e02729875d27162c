"""Auditors' access to the log: verification, and events filtered by subject, actor, action
and time, each reader seeing only what their role may."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import String, and_, cast, false, func, or_, select
from sqlalchemy.orm import Session

from permits.audit.checkpoints import Checkpoint
from permits.audit.history import HistoryEntry, history_entries
from permits.audit.log import LogReport, verify_log
from permits.domain import errors
from permits.domain.access import application_visibility, require_role
from permits.domain.actors import Principal
from permits.domain.clock import Clock
from permits.models import Application, AuditEvent, Permit

EVENT_READERS = ("applicant", "officer", "approver", "auditor")


def verify_audit_log(session: Session, actor: Principal, key: Ed25519PublicKey | None,
                     given: list[tuple[str, Checkpoint]] = ()) -> LogReport:  # fmt: skip
    """Verify the chain, the tree and the checkpoints (auditors)."""
    require_role(actor, "auditor")
    return verify_log(session, key, list(given))


def _visible(actor: Principal) -> Any:
    if actor.role == "auditor":
        return None
    applications = select(cast(Application.id, String)).where(application_visibility(actor))
    own = AuditEvent.subject_type == "application", AuditEvent.subject_id.in_(applications)
    if actor.role == "applicant":
        if actor.firm_id is None:
            return false()
        permits = select(Permit.number).where(Permit.firm_id == actor.firm_id)
        return or_(and_(*own), and_(AuditEvent.subject_type == "permit",
                                    AuditEvent.subject_id.in_(permits)))  # fmt: skip
    return or_(and_(*own), AuditEvent.subject_type == "permit")


@dataclass(frozen=True)
class EventFilter:
    """What to list: a subject, an actor, an action, a period (the Ministry's days, inclusive)."""

    application: int | None = None
    permit: str | None = None
    actor: str | None = None
    action: str | None = None
    start: date | None = None
    end: date | None = None


def _filtered(query: Any, wanted: EventFilter, clock: Clock) -> Any:
    if wanted.start and wanted.end and wanted.end < wanted.start:
        raise errors.InvalidInput({"to": [f"{wanted.end} is before from ({wanted.start})."]})
    conditions = []
    if wanted.application is not None:
        conditions += [AuditEvent.subject_type == "application",
                       AuditEvent.subject_id == str(wanted.application)]  # fmt: skip
    if wanted.permit is not None:
        conditions += [AuditEvent.subject_type == "permit", AuditEvent.subject_id == wanted.permit]
    if wanted.actor is not None:
        conditions.append(AuditEvent.actor_username == wanted.actor)
    if wanted.action is not None:
        conditions.append(AuditEvent.action == wanted.action)
    lower, upper = clock.day_bounds(wanted.start, wanted.end)
    if lower:
        conditions.append(AuditEvent.occurred_at >= lower)
    if upper:
        conditions.append(AuditEvent.occurred_at < upper)
    return query.where(*conditions)


@dataclass(frozen=True)
class EventPage:
    """One page of events with the total."""

    items: list[tuple[AuditEvent, HistoryEntry]]
    total: int
    page: int
    page_size: int


def list_audit_events(session: Session, actor: Principal, wanted: EventFilter, page: int = 1,
                      page_size: int = 100, *, clock: Clock) -> EventPage:  # fmt: skip
    """The events the actor may read, oldest first, filtered (days by the clock's zone), one
    page of them."""
    require_role(actor, *EVENT_READERS)
    query = select(AuditEvent)
    visible = _visible(actor)
    if visible is not None:
        query = query.where(visible)
    query = _filtered(query, wanted, clock)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    events = session.scalars(
        query.order_by(AuditEvent.seq).limit(page_size).offset((page - 1) * page_size)
    ).all()
    entries = history_entries(session, list(events), actor.role == "applicant")
    items = list(zip(events, entries, strict=True))
    return EventPage(items, total, page, page_size)
