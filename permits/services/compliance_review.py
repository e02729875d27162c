"""Officers' view of an application's compliance, and clearing the blockers that may be cleared.

Full embargoes, listed entities and everything about re-export consent can never be cleared;
a regime on non-government forces, a fuzzy screening match and an earlier similar refusal can,
by an officer, with a recorded reason.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import workflows.compliance_guards as rules
from permits.audit.chain import record_event
from permits.domain import errors
from permits.domain.access import load_application, require_role
from permits.domain.actors import Principal
from permits.domain.clock import Clock
from permits.models import Application, Clearance, User
from permits.services.deadlines import due_on, is_overdue
from permits.services.facts import application_facts
from permits.services.policy import Policy
from permits.services.uow import unit_of_work

CLEARING_STATES = ("under_review", "info_requested", "awaiting_decision")
COMPLIANCE_READERS = ("officer", "approver", "auditor")


def _check_clearance(facts: Any, code: str, key: str, end_user_is_government: bool | None) -> None:
    open_keys = rules.clearable(facts)
    if code not in open_keys:
        raise errors.InvalidInput(
            {"code": [f"'{code}' cannot be cleared; clearable: {', '.join(sorted(open_keys))}."]}
        )
    if key not in open_keys[code]:
        choices = ", ".join(sorted(open_keys[code])) or "none"
        raise errors.InvalidInput({"key": [f"Nothing to clear under '{key}' (open: {choices})."]})
    if code == "embargo_non_government" and end_user_is_government is not True:
        raise errors.InvalidInput(
            {
                "end_user_is_government": [
                    "Only an assessment that the end user is the government clears this embargo; "
                    "otherwise refuse the application."
                ]
            }
        )


def clear_blocker(
    session: Session,
    actor: Principal,
    application_id: int,
    *,
    code: str,
    key: str,
    reason: str | None,
    policy: Policy,
    clock: Clock,
    end_user_is_government: bool | None = None,
) -> Clearance:
    """Record an officer's reasoned clearance of one clearable compliance blocker, audited."""
    require_role(actor, "officer")
    reason = (reason or "").strip()
    if not reason:
        raise errors.InvalidInput({"reason": ["A clearance must give its reason."]})
    with unit_of_work(session):
        application = load_application(session, actor, application_id, for_update=True)
        if application.status not in CLEARING_STATES:
            raise errors.InvalidState(f"Nothing can be cleared while it is {application.status}")
        facts = application_facts(session, application, clock, policy)
        _check_clearance(facts, code, key, end_user_is_government)
        if (code, key) in facts["clearances"]:
            raise errors.Conflict(f"'{key}' was already cleared")
        clearance = Clearance(
            application_id=application.id,
            code=code,
            key=key,
            reason=reason,
            end_user_is_government=end_user_is_government,
            cleared_by_id=actor.id,
        )
        session.add(clearance)
        session.flush()
        record_event(
            session,
            actor,
            "application.clear",
            ("application", application.id),
            states=(application.status, application.status),
            reason=reason,
            payload={"code": code, "key": key, "end_user_is_government": end_user_is_government},
        )
    return clearance


def _clearances(session: Session, application_id: int) -> list[dict[str, Any]]:
    """Every clearance with who gave it: the approver reads who cleared what, when and why."""
    rows = session.execute(
        select(Clearance, User.username)
        .join(User, User.id == Clearance.cleared_by_id)
        .where(Clearance.application_id == application_id)
        .order_by(Clearance.id)
    )
    return [
        {
            "code": c.code,
            "key": c.key,
            "reason": c.reason,
            "cleared_at": c.cleared_at,
            "end_user_is_government": c.end_user_is_government,
            "cleared_by_id": c.cleared_by_id,
            "cleared_by": username,
        }
        for c, username in rows
    ]


def _findings(facts: Any) -> dict[str, list[dict[str, Any]]]:
    """What the rules found, each finding with its clearance key and whether it is cleared."""
    cleared = facts["clearances"]
    matches = [
        {
            **m,
            "key": rules.screening_key(m),
            "clearable": not (m["exact"] and m["kind"] == "entity"),
            "cleared": ("sanctions_match", rules.screening_key(m)) in cleared,
        }
        for m in facts["screening"]["matches"]
    ]
    hits = [
        {**h, "cleared": ("embargo_non_government", h["key"]) in cleared}
        for h in rules.embargo_hits(facts)
    ]
    refusals = [
        {**r, "key": f"application:{r['application_id']}"} for r in facts["similar_refusals"]
    ]
    for refusal in refusals:
        refusal["cleared"] = ("similar_refusal", refusal["key"]) in cleared
    return {"embargo_findings": hits, "screening_matches": matches, "similar_refusals": refusals}


def compliance_report(
    session: Session, actor: Principal, application_id: int, policy: Policy, clock: Clock
) -> dict[str, Any]:
    """Embargo findings, screening matches, clearances (who gave each, when and why),
    re-export balance and deadlines, on the Ministry's today."""
    require_role(actor, *COMPLIANCE_READERS)
    application: Application = load_application(session, actor, application_id)
    facts = application_facts(session, application, clock, policy)
    return {
        "embargo_list_version": facts["embargo_list_version"],
        "sanctions_list_version": facts["screening"]["list_version"],
        **_findings(facts),
        "serial_conflicts": facts["serial_conflicts"],
        "reexport_source": facts["reexport_source"],
        "clearances": _clearances(session, application.id),
        "due_on": due_on(application),
        "overdue": is_overdue(application, facts["today"]),
        "decision_extension_reason": application.decision_extension_reason,
    }
