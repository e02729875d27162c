"""What the Ministry's staff read before a decision: the officer's standing recommendation with its
reason, and what would still block the approval (told to the officer before recommending it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

import workflows
from permits.domain.access import load_application, require_role
from permits.domain.actors import Principal
from permits.domain.clock import Clock
from permits.models import AuditEvent
from permits.services.applications import engine_for
from permits.services.facts import application_facts
from permits.services.policy import Policy

STAFF = ("officer", "approver", "auditor")


@dataclass(frozen=True)
class Recommendation:
    """The officer's recommendation to the approver, as the audit log recorded it."""

    recommendation: str
    reason: str | None
    officer: str
    at: datetime


def get_recommendation(
    session: Session, actor: Principal, application_id: int
) -> Recommendation | None:
    """The recommendation standing on the application (none once it was sent back), staff only."""
    require_role(actor, *STAFF)
    application = load_application(session, actor, application_id)
    if application.recommendation is None:
        return None
    # The recommending action is the one declared to accept a recommendation, whatever its name.
    recommending = [
        f"application.{t.action}"
        for t in engine_for(application).definition.transitions
        if "recommendation" in t.effects.accepts
    ]
    event = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.subject_type == "application")
        .where(AuditEvent.subject_id == str(application.id))
        .where(AuditEvent.action.in_(recommending))
        .order_by(AuditEvent.seq.desc())
        .limit(1)
    ).first()
    if event is None:
        return Recommendation(application.recommendation, None, "", application.updated_at)
    return Recommendation(
        application.recommendation, event.reason, event.actor_username, event.occurred_at
    )


def list_approval_blockers(
    session: Session, actor: Principal, application_id: int, policy: Policy, clock: Clock
) -> list[workflows.Blocker]:
    """What would block the approval if the application were decided now, by any approver (four
    eyes is about the approver, not the application): what an officer clears before
    recommending approval. The approval is the transition that issues the permit."""
    require_role(actor, *STAFF)
    application = load_application(session, actor, application_id)
    engine = engine_for(application)
    approval = next(t for t in engine.definition.transitions if t.effects.issues_permit)
    anyone = workflows.Actor(id=None, role=approval.roles[0])
    facts = application_facts(session, application, clock, policy)
    options = engine.options(approval.sources[0], anyone, facts)
    return next((list(o.blockers) for o in options if o.action == approval.action), [])
