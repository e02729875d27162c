"""The history of an application as each role may read it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from permits.audit.mentions import mentions_of
from permits.domain.access import load_application
from permits.domain.actors import Principal
from permits.models import AuditEvent

MINISTRY_ROLES = ("officer", "approver", "admin", "customs", "auditor")
# Exchanges between officers and approvers that the applicant firm does not see.
INTERNAL_ACTIONS = ("application.recommend", "application.send_back", "application.clear")


@dataclass(frozen=True)
class HistoryEntry:
    """One event of an application's history, as shown to the reader."""

    seq: int
    at: datetime
    action: str
    from_state: str | None
    to_state: str | None
    actor: str | None
    actor_role: str
    reason: str | None
    details: dict[str, Any]
    # What the words of the event name beyond its payload (``permits.audit.mentions``).
    mentions: dict[str, Any] = field(default_factory=dict)


def history_entries(
    session: Session, events: list[AuditEvent], for_applicant: bool
) -> list[HistoryEntry]:
    """Events as their reader may see them (applicants never see officials' names or notes),
    with what their words name looked up once."""
    mentions = mentions_of(session, events)
    return [_entry(event, for_applicant, mentions.get(event.seq, {})) for event in events]


def _entry(event: AuditEvent, for_applicant: bool, mentions: dict[str, Any]) -> HistoryEntry:
    staff = event.actor_role in MINISTRY_ROLES
    internal = for_applicant and event.action in INTERNAL_ACTIONS
    return HistoryEntry(
        seq=event.seq,
        at=event.occurred_at,
        action=event.action,
        from_state=event.from_state,
        to_state=event.to_state,
        actor=None if for_applicant and staff else event.actor_username,
        actor_role=event.actor_role,
        reason=None if internal else event.reason,
        details={} if internal else event.payload,
        mentions={} if internal else mentions,
    )


def application_history(
    session: Session, actor: Principal, application_id: int
) -> list[HistoryEntry]:
    """Every audit event of an application the actor may see, oldest first.

    Applicants see what happened and why, but not which official did it, nor the officer's
    recommendation to the approver.
    """
    application = load_application(session, actor, application_id)
    events = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.subject_type == "application")
        .where(AuditEvent.subject_id == str(application.id))
        .order_by(AuditEvent.seq)
    ).all()
    return history_entries(session, list(events), actor.role == "applicant")
