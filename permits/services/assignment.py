"""Officers taking applications from the queue."""

from __future__ import annotations

from sqlalchemy.orm import Session

from permits.audit.chain import record_event
from permits.domain.access import load_application, require_role
from permits.domain.actors import Principal
from permits.models import Application
from permits.services.uow import unit_of_work


def assign_application(session: Session, actor: Principal, application_id: int) -> Application:
    """An officer takes an application as their own (audited)."""
    require_role(actor, "officer")
    with unit_of_work(session):
        application = load_application(session, actor, application_id, for_update=True)
        application.assigned_to_id = actor.id
        session.flush()
        record_event(
            session, actor, "application.assign", ("application", application_id),
            states=(application.status, application.status),
        )  # fmt: skip
    return application
