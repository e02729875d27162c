"""One permit's record for the Ministry and its holder: where it stands, its timeline (issue,
shipments, suspensions, reinstatement, revocation, expiry) and how often the public checked it,
and the lifecycle actions open to the reader."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

import workflows
from permits.audit.history import HistoryEntry, history_entries
from permits.domain.access import require_role
from permits.domain.actors import Principal
from permits.domain.clock import Clock
from permits.models import AuditEvent, Permit
from permits.services.permit_standing import PermitStanding, permit_standing
from permits.services.verification import FAILED_VERDICTS, VERIFY_EVENT

# Customs have their own page at the border; administrators read no permits.
RECORD_READERS = ("applicant", "officer", "approver", "auditor")
ISSUE_EVENT = "application.approve"


@dataclass(frozen=True)
class Verifications:
    """How often the permit was checked through the public verification (its QR link or an
    uploaded PDF), how many of those checks failed, and when the last one was."""

    total: int
    failed: int
    last_at: datetime | None


@dataclass(frozen=True)
class PermitRecord:
    """A permit as its page shows it."""

    standing: PermitStanding
    timeline: list[HistoryEntry]
    verifications: Verifications
    actions: list[str]


def permit_record(session: Session, actor: Principal, number: str, clock: Clock) -> PermitRecord:
    """The permit, its timeline oldest first, its verification count and the reader's actions."""
    require_role(actor, *RECORD_READERS)
    standing = permit_standing(session, actor, number, clock)
    permit = standing.permit
    events = list(session.scalars(_timeline_events(permit).order_by(AuditEvent.seq)))
    return PermitRecord(
        standing=standing,
        timeline=history_entries(session, events, actor.role == "applicant"),
        verifications=_verifications(session, permit.number),
        actions=lifecycle_actions(actor, permit),
    )


def _timeline_events(permit: Permit) -> object:
    """The permit's own events and the approval that issued it (recorded on its application);
    public checks are counted, not listed."""
    issued = and_(AuditEvent.subject_type == "application",
                  AuditEvent.subject_id == str(permit.application_id),
                  AuditEvent.action == ISSUE_EVENT)  # fmt: skip
    own = and_(AuditEvent.subject_type == "permit", AuditEvent.subject_id == permit.number,
               AuditEvent.action != VERIFY_EVENT)  # fmt: skip
    return select(AuditEvent).where(or_(issued, own))


def _verifications(session: Session, number: str) -> Verifications:
    rows = session.execute(
        select(AuditEvent.payload, AuditEvent.occurred_at).where(
            AuditEvent.subject_type == "permit",
            AuditEvent.subject_id == number,
            AuditEvent.action == VERIFY_EVENT,
        )
    ).all()
    failed = sum(1 for payload, _at in rows if (payload or {}).get("verdict") in FAILED_VERDICTS)
    return Verifications(len(rows), failed, max((at for _p, at in rows), default=None))


def _definition() -> workflows.Definition:
    return workflows.REGISTRY.engine("permit", workflows.latest_version("permit")).definition


def lifecycle_actions(actor: Principal, permit: Permit) -> list[str]:
    """The lifecycle actions the actor's role may take by hand from the permit's state."""
    return [
        spec.action
        for spec in _definition().transitions
        if spec.effects.manual and actor.role in spec.roles and permit.status in spec.sources
    ]


def lifecycle_roles(action: str) -> tuple[str, ...]:
    """The roles that may take a lifecycle action by hand (none for an unknown one)."""
    spec = _definition().transition(action)
    return spec.roles if spec is not None and spec.effects.manual else ()
