"""Deadlines in working days (DESIGN 5): the completeness check within 2 working days of
submission, the decision within N working days of acceptance, one justified extension."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, or_
from sqlalchemy.orm import Session

from permits.audit.chain import record_event
from permits.compliance.calendar import add_working_days
from permits.domain import errors
from permits.domain.access import load_application, require_role
from permits.domain.actors import Principal
from permits.models import Application
from permits.services.policy import Policy
from permits.services.uow import unit_of_work

DECIDING = ("under_review", "info_requested", "awaiting_decision")


def due_on(application: Application) -> date | None:
    """The day the Ministry's current step is due: completeness, then the decision."""
    if application.status == "submitted":
        return application.completeness_due_on
    if application.status in DECIDING:
        return application.decision_due_on
    return None


def is_overdue(application: Application, on: date) -> bool:
    """Whether the Ministry's current step is past its day, on a day of the Ministry's calendar
    (overdue from the Ministry's midnight after the due day, not UTC's)."""
    due = due_on(application)
    return due is not None and on > due


def overdue_clause(on: date) -> Any:
    """The WHERE clause of applications whose current step is past its day."""
    return or_(
        and_(Application.status == "submitted", Application.completeness_due_on < on),
        and_(Application.status.in_(DECIDING), Application.decision_due_on < on),
    )


# The deadline an action starts (``Effects.starts_clock``): its field and its working days.
CLOCKS = {
    "completeness": ("completeness_due_on", "completeness_working_days"),
    "decision": ("decision_due_on", "decision_working_days"),
}


def start_clock(application: Application, clock: str, policy: Policy, on: date) -> None:
    """Set the day a Ministry step is due: ``clock`` working days of the policy after ``on``."""
    field, days = CLOCKS[clock]
    setattr(application, field, add_working_days(on, getattr(policy, days)))


def extend_decision_deadline(
    session: Session,
    actor: Principal,
    application_id: int,
    reason: str | None,
    policy: Policy,
    expected_version: int | None = None,
) -> Application:
    """Move the decision deadline once, by the configured working days, with a recorded reason."""
    require_role(actor, "officer", "approver")
    reason = (reason or "").strip()
    if not reason:
        raise errors.InvalidInput({"reason": ["An extension must be justified."]})
    with unit_of_work(session):
        application = load_application(session, actor, application_id, for_update=True)
        if expected_version is not None and application.version != expected_version:
            raise errors.StaleVersion(f"The application is at version {application.version}")
        if application.status not in DECIDING or application.decision_due_on is None:
            raise errors.InvalidState(
                f"Only an application under review or awaiting decision has a decision deadline "
                f"(it is {application.status})"
            )
        if application.decision_extension_reason is not None:
            raise errors.Conflict("The decision deadline was already extended once")
        before = application.decision_due_on
        application.decision_due_on = add_working_days(before, policy.extension_working_days)
        application.decision_extension_reason = reason
        session.flush()
        record_event(
            session,
            actor,
            "application.extend_deadline",
            ("application", application.id),
            states=(application.status, application.status),
            reason=reason,
            payload={
                "from": before.isoformat(),
                "to": application.decision_due_on.isoformat(),
                "version": application.version,
            },
        )
    return application
