"""Officers taking applications from the queue."""

from __future__ import annotations

from sqlalchemy.orm import Session

from permits.audit.chain import record_event
from permits.domain.access import load_application, require_role
from permits.domain.actors import Principal
from permits.models import Application
from permits.services.action_effects import action_params
from permits.services.applications import act_on
from permits.services.runtime import Runtime
from permits.services.uow import unit_of_work
from workflows.effects import application_effects

# The officer's action that starts the review of a submitted application.
START_REVIEW = "accept"


def assign_application(session: Session, actor: Principal, application_id: int) -> Application:
    """An officer takes an application as their own (audited)."""
    require_role(actor, "officer")
    with unit_of_work(session):
        application = load_application(session, actor, application_id, for_update=True)
        _assign(session, actor, application)
    return application


def take_application(
    session: Session, actor: Principal, application_id: int, runtime: Runtime
) -> Application:
    """An officer takes a submitted application into review: assigned to them and accepted as
    complete, both or neither (one transaction, two audit events)."""
    require_role(actor, "officer")
    params = action_params(application_effects(START_REVIEW), None, None, None)
    with unit_of_work(session):
        application = load_application(session, actor, application_id, for_update=True)
        _assign(session, actor, application)
        act_on(session, actor, application, START_REVIEW, params, runtime)
    return application


def _assign(session: Session, actor: Principal, application: Application) -> None:
    application.assigned_to_id = actor.id
    session.flush()
    record_event(
        session, actor, "application.assign", ("application", application.id),
        states=(application.status, application.status),
    )  # fmt: skip
