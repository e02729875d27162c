"""An officer's verdicts on an application's documents: one at a time, or all at once (every
verdict recorded, or none), each checked by the checklist's document rules and audited."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.orm import Session

from permits.audit.chain import record_event
from permits.domain import errors
from permits.domain.access import load_application, require_role
from permits.domain.actors import Principal
from permits.domain.clock import Clock
from permits.models import Application, Document
from permits.models.base import utcnow
from permits.services.facts import application_facts, document_fact
from permits.services.uow import unit_of_work
from workflows import Blocker
from workflows.checklist import rule_problems

Verdict = tuple[str, str | None]  # an officer's decision on a document and its reason


def _checked_verdict(decision: str, reason: str | None) -> str | None:
    """The reason of a verdict, once the verdict itself is checked."""
    reason = (reason or "").strip() or None
    if decision not in ("accepted", "rejected"):
        raise errors.InvalidInput({"decision": ["Must be 'accepted' or 'rejected'."]})
    if decision == "rejected" and reason is None:
        raise errors.InvalidInput({"reason": ["A rejection needs a reason."]})
    return reason


def _reviewable(session: Session, actor: Principal, application_id: int) -> Application:
    application = load_application(session, actor, application_id, for_update=True)
    if application.status != "under_review":
        raise errors.InvalidState("Documents are verified while the application is under review")
    return application


def _record_verdict(
    session: Session,
    actor: Principal,
    application: Application,
    document_id: int,
    verdict: Verdict,
    clock: Clock,
) -> Document:
    """One document's verdict and its audit event, inside the caller's transaction."""
    decision, reason = verdict
    document = next((d for d in application.documents
                     if d.id == document_id and not d.superseded), None)  # fmt: skip
    if document is None:
        raise errors.NotFound(f"Document {document_id} not found")
    if decision == "accepted":
        _check_rules(session, application, document, clock)
    document.verification, document.verification_reason = decision, reason
    document.verified_by_id, document.verified_at = actor.id, utcnow()
    application.updated_at = utcnow()
    session.flush()
    record_event(
        session, actor, f"document.{decision}", ("application", application.id),
        reason=reason, payload={"document_id": document.id, "kind": document.kind,
                                "version": application.version},
    )  # fmt: skip
    return document


def verify_document(
    session: Session,
    actor: Principal,
    application_id: int,
    document_id: int,
    decision: str,
    reason: str | None,
    *,
    clock: Clock,
) -> Document:
    """An officer accepts or rejects a document of an application under review (its validity
    judged on the Ministry's today)."""
    require_role(actor, "officer")
    reason = _checked_verdict(decision, reason)
    with unit_of_work(session):
        application = _reviewable(session, actor, application_id)
        return _record_verdict(session, actor, application, document_id, (decision, reason), clock)


def verify_documents(
    session: Session,
    actor: Principal,
    application_id: int,
    verdicts: Mapping[int, Verdict],
    *,
    clock: Clock,
) -> list[Document]:
    """An officer's verdicts on several documents at once (document id -> (decision, reason)),
    each by the rules of ``verify_document``: all are recorded, or none. What refuses a verdict
    is reported under ``documents[<id>].decision`` or ``documents[<id>].reason``."""
    require_role(actor, "officer")
    if not verdicts:
        raise errors.InvalidInput({"documents": ["Give a decision on at least one document."]})
    checked, problems = {}, {}
    for document_id, (decision, reason) in verdicts.items():
        try:
            checked[document_id] = (decision, _checked_verdict(decision, reason))
        except errors.InvalidInput as invalid:
            problems.update(_about(document_id, invalid.errors))
    if problems:
        raise errors.InvalidInput(problems)
    with unit_of_work(session):
        application = _reviewable(session, actor, application_id)
        return _record_all(session, actor, application, checked, clock)


def _about(document_id: int, found: Mapping[str, list[str]]) -> dict[str, list[str]]:
    return {f"documents[{document_id}].{name}": messages for name, messages in found.items()}


def _record_all(
    session: Session,
    actor: Principal,
    application: Application,
    verdicts: Mapping[int, Verdict],
    clock: Clock,
) -> list[Document]:
    """Every verdict, or none: the problems of all of them are gathered, then raised, and the
    transaction with the verdicts already recorded is rolled back."""
    recorded, problems = [], {}
    for document_id, verdict in verdicts.items():
        try:
            recorded.append(
                _record_verdict(session, actor, application, document_id, verdict, clock)
            )
        except errors.ActionBlocked as blocked:
            messages = [b.message for b in blocked.blockers]
            problems.update(_about(document_id, {"decision": messages}))
        except errors.NotFound as missing:
            problems.update(_about(document_id, {"decision": [str(missing)]}))
    if problems:
        raise errors.InvalidInput(problems)
    return recorded


def _check_rules(
    session: Session, application: Application, document: Document, clock: Clock
) -> None:
    if document.scan_status == "pending_scan":
        blocker = Blocker("document_pending_scan", document.kind, "Waiting for the malware scan")
        raise errors.ActionBlocked("The document has not been scanned for malware yet", [blocker])
    facts = application_facts(session, application, clock)
    problems = rule_problems(document_fact(document), facts, facts["today"])
    if problems:
        raise errors.ActionBlocked(
            "The document cannot be accepted: " + "; ".join(problems),
            [Blocker("document_rule", document.kind, p) for p in problems],
        )
