"""Runs what an application action does besides moving the state, as its ``Effects`` declare.

The one place that turns the declarations of ``workflows.effects`` into changes: the checked
parameters, the second factor, timestamps, deadlines, copied and cleared fields, the list
versions a decision relied on, the permit an approval issues and what the audit event records.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from permits.domain import errors
from permits.domain.actors import Principal
from permits.models import Application, Permit
from permits.models.applications import REFUSAL_GROUNDS
from permits.services.deadlines import start_clock
from permits.services.issuance import issue_permit
from permits.services.runtime import Runtime
from permits.services.second_factor import require_approval_code
from workflows import Effects

# Parameters refused by an action that does not accept them, and why. A recommendation given to
# another action is ignored instead: the pages send every field of the action form.
REFUSED_UNLESS_ACCEPTED = {"grounds": "Only a refusal has grounds."}


def action_params(effects: Effects, reason: str | None, recommendation: str | None,
                  grounds: list[str] | None) -> dict[str, Any]:  # fmt: skip
    """The parameters of an action, checked against what it accepts."""
    unknown = [g for g in grounds or [] if g not in REFUSAL_GROUNDS]
    if unknown:
        raise errors.InvalidInput({"grounds": [
            f"Unknown ground(s) {', '.join(unknown)}; use: {', '.join(REFUSAL_GROUNDS)}."
        ]})  # fmt: skip
    given = {"grounds": grounds}
    for name, why in REFUSED_UNLESS_ACCEPTED.items():
        if given[name] and name not in effects.accepts:
            raise errors.InvalidInput({name: [why]})
    return {
        "reason": (reason or "").strip() or None,
        "recommendation": recommendation,
        "grounds": sorted(set(grounds or [])) or None,
    }


def before_transition(session: Session, actor: Principal, application: Application,
                      effects: Effects, code: str | None, runtime: Runtime) -> None:  # fmt: skip
    """What must hold or be locked before the action runs: the second factor, the source."""
    if effects.second_factor:
        require_approval_code(session, actor, code, runtime.keyring.second_factor_keys())
    if effects.locks_reexport_source and application.reexport_of:
        # Approvals drawing on the same import permit are serialised (quantities left).
        session.scalars(
            select(Permit.id).where(Permit.number == application.reexport_of).with_for_update()
        ).all()


def after_transition(application: Application, effects: Effects, params: dict[str, Any],
                     runtime: Runtime) -> None:  # fmt: skip
    """Timestamps, deadlines, copied and cleared fields, the lists a decision relied on."""
    now = runtime.clock.now()
    if effects.starts_clock:
        start_clock(application, effects.starts_clock, runtime.policy, runtime.clock.today())
    if effects.keeps_list_versions:
        checked = params["checked_against"]
        application.embargo_list_version = checked["embargo_list"]
        application.sanctions_list_version = checked["sanctions_list"]
    for field in effects.stamps:
        setattr(application, field, now)
    for field, parameter in effects.copies:
        setattr(application, field, params[parameter])
    for field in effects.clears:
        setattr(application, field, None)
    application.updated_at = now


def issue_if_declared(
    session: Session,
    actor: Principal,
    application: Application,
    effects: Effects,
    params: dict[str, Any],
    runtime: Runtime,
) -> None:
    """Issue and sign the permit of an action that issues one (its number goes to the event)."""
    if effects.issues_permit:
        permit = issue_permit(session, actor, application, runtime.issuer(), runtime.clock)
        params["permit"] = permit.number


def event_payload(effects: Effects, params: dict[str, Any], version: int,
                  definition: str) -> dict[str, Any]:  # fmt: skip
    """What the audit event of an action records besides the states and the reason."""
    payload: dict[str, Any] = {"version": version, "definition": definition}
    payload.update({name: params[name] for name in effects.records if params.get(name)})
    if "checked_against" in params:
        payload["checked_against"] = params["checked_against"]
    return payload
