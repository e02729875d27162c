"""Application services: create, edit drafts, read, list and move through the workflow.

Each public function is one transaction: it either commits everything it did, with its audit
event, or raises a domain error and leaves the database exactly as it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

import workflows
from permits.audit.chain import record_event
from permits.domain import errors
from permits.domain.access import load_application, require_role, visible_applications
from permits.domain.actors import Principal, as_workflow_actor
from permits.domain.application_form import parse_application
from permits.domain.clock import Clock
from permits.domain.form_checks import check_form
from permits.models import Application
from permits.models.base import utcnow
from permits.services import action_effects
from permits.services.application_search import search_clause
from permits.services.deadlines import overdue_clause
from permits.services.drafts import apply_form, replace_children
from permits.services.facts import application_facts
from permits.services.policy import Policy
from permits.services.runtime import Runtime
from permits.services.uow import unit_of_work
from permits.services.user_admin import require_licence_in_force
from permits.services.workflow_errors import as_domain_errors
from workflows.effects import application_effects

EDITABLE_STATES = ("draft", "returned")
SUBMISSIONS = ("submit", "resubmit")


def engine_for(application: Application) -> workflows.Engine:
    """The workflow engine of the definition version the application started on."""
    return workflows.REGISTRY.engine(
        f"application.{application.permit_type}", application.definition_version
    )


def _check_version(application: Application, expected_version: int | None) -> None:
    if expected_version is not None and application.version != expected_version:
        raise errors.StaleVersion(
            f"The application is at version {application.version}, not {expected_version}; "
            "reload it and try again"
        )


def create_application(session: Session, actor: Principal, data: Mapping[str, Any]) -> Application:
    """Start a draft application for the actor's firm from a (possibly partial) form."""
    require_role(actor, "applicant")
    form = parse_application(data, creating=True)
    name = f"application.{form['permit_type']}"
    version = workflows.latest_version(name)
    with unit_of_work(session):
        check_form(session, form["permit_type"], form, actor.firm_id)
        application = Application(
            firm_id=actor.firm_id,
            created_by_id=actor.id,
            permit_type=form["permit_type"],
            status=workflows.REGISTRY.engine(name, version).definition.initial,
            definition_version=version,
        )
        apply_form(session, application, form)
        session.add(application)
        session.flush()
        record_event(
            session,
            actor,
            "application.create",
            ("application", application.id),
            states=(None, application.status),
            payload={"permit_type": application.permit_type},
        )
    return application


def update_draft(
    session: Session,
    actor: Principal,
    application_id: int,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> Application:
    """Change the fields given in ``data`` of a draft or returned application."""
    require_role(actor, "applicant")
    form = parse_application(data, creating=False)
    with unit_of_work(session):
        application = load_application(session, actor, application_id, for_update=True)
        _check_version(application, expected_version)
        if application.status not in EDITABLE_STATES:
            raise errors.InvalidState(
                f"Only a draft or returned application can be edited (it is {application.status})"
            )
        check_form(session, application.permit_type, form, application.firm_id)
        replace_children(session, application, form)
        apply_form(session, application, form)
        application.updated_at = utcnow()
        session.flush()
        record_event(
            session,
            actor,
            "application.update",
            ("application", application.id),
            states=(application.status, application.status),
            payload={"fields": sorted(form), "version": application.version},
        )
    return application


def get_application(session: Session, actor: Principal, application_id: int) -> Application:
    """One application the actor may see."""
    return load_application(session, actor, application_id)


@dataclass(frozen=True)
class Page:
    """One page of a listing, with the total over all pages."""

    items: list[Application]
    total: int
    page: int
    page_size: int


def list_applications(
    session: Session,
    actor: Principal,
    *,
    status: str | None = None,
    permit_type: str | None = None,
    firm_id: int | None = None,
    country: str | None = None,
    overdue: bool | None = None,
    search: str | None = None,
    page: int = 1,
    page_size: int = 50,
    clock: Clock,
) -> Page:
    """The applications the actor may see, newest first, filtered, one page of them (overdue
    on the Ministry's today, by the clock); ``search`` finds by number, permit number, firm or
    serial (``search_clause``)."""
    query = visible_applications(actor).where(search_clause(search or ""))
    if status is not None:
        query = query.where(Application.status == status)
    if permit_type is not None:
        query = query.where(Application.permit_type == permit_type)
    if firm_id is not None:
        query = query.where(Application.firm_id == firm_id)
    if country is not None:
        query = query.where(Application.counterpart_country == country)
    if overdue is not None:
        clause = overdue_clause(clock.today())
        late = select(Application.id).where(clause)
        query = query.where(Application.id.in_(late) if overdue else Application.id.not_in(late))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    items = session.scalars(
        query.order_by(Application.id.desc()).limit(page_size).offset((page - 1) * page_size)
    ).all()
    return Page(list(items), total, page, page_size)


def available_actions(
    session: Session, actor: Principal, application: Application, policy: Policy, clock: Clock
) -> list[workflows.ActionOption]:
    """The actions the actor could take on the application now, each with its blockers."""
    return engine_for(application).options(
        application.status,
        as_workflow_actor(actor),
        application_facts(session, application, clock, policy),
    )


def _require_access(application: Application, actor: Principal, action: str) -> None:
    """Role before state, version, second factor or signing key."""
    with as_domain_errors():
        engine_for(application).require_access(
            action, as_workflow_actor(actor), {"firm_id": application.firm_id}
        )


def _fire(session: Session, actor: Principal, application: Application, action: str,
          params: dict, runtime: Runtime) -> tuple[str, str]:  # fmt: skip
    """Run the workflow engine on the application; the lists a screened action relied on go
    into ``params``."""
    facts = application_facts(session, application, runtime.clock, runtime.policy)
    with as_domain_errors():
        moved = engine_for(application).fire(
            application, action, as_workflow_actor(actor), facts, params
        )
    if application_effects(action).screened:
        params["checked_against"] = {
            "embargo_list": facts["embargo_list_version"],
            "sanctions_list": facts["screening"]["list_version"],
            "screening_matches": [m["reference_number"] for m in facts["screening"]["matches"]],
        }
    return moved


def perform_action(
    session: Session,
    actor: Principal,
    application_id: int,
    action: str,
    *,
    runtime: Runtime,
    expected_version: int | None = None,
    reason: str | None = None,
    recommendation: str | None = None,
    grounds: list[str] | None = None,
    code: str | None = None,
) -> Application:
    """Take one workflow action with its declared effects and audit event, in one transaction.

    ``expected_version`` is the version the caller last saw (stale: nothing is written);
    ``grounds`` are a refusal's coded grounds; ``code`` is the approver's authenticator code.
    """
    effects = application_effects(action)
    params = action_effects.action_params(effects, reason, recommendation, grounds)
    with unit_of_work(session):
        application = load_application(session, actor, application_id, for_update=True)
        act_on(session, actor, application, action, params, runtime,
               expected_version=expected_version, code=code)  # fmt: skip
    return application


def act_on(session: Session, actor: Principal, application: Application, action: str,
           params: dict[str, Any], runtime: Runtime, *, expected_version: int | None = None,
           code: str | None = None) -> None:  # fmt: skip
    """One workflow action on an application loaded for update, in the caller's transaction
    (``params`` as ``action_effects.action_params`` checked them)."""
    effects = application_effects(action)
    _require_access(application, actor, action)
    if action in SUBMISSIONS:
        require_licence_in_force(application.firm)
    if effects.issues_permit:
        runtime.issuer()  # without a signing key an approval is refused before any write
    _check_version(application, expected_version)
    action_effects.before_transition(session, actor, application, effects, code, runtime)
    before, after = _fire(session, actor, application, action, params, runtime)
    action_effects.after_transition(application, effects, params, runtime)
    session.flush()
    action_effects.issue_if_declared(session, actor, application, effects, params, runtime)
    definition = engine_for(application).definition.key
    payload = action_effects.event_payload(effects, params, application.version, definition)
    record_event(
        session, actor, f"application.{action}", ("application", application.id),
        states=(before, after), reason=params["reason"], payload=payload,
    )  # fmt: skip
