"""The checklist of one application: each item, its documents and what still blocks it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from permits.domain.access import load_application
from permits.domain.actors import Principal
from permits.domain.clock import Clock
from permits.services.facts import application_facts
from workflows import Blocker
from workflows.checklist import ItemStatus, evaluate, rule_problems


@dataclass(frozen=True)
class ChecklistEntry:
    """An item as shown to users: its standing and every reason it is not yet satisfied."""

    status: ItemStatus
    blockers: list[Blocker]


def _blockers(
    status: ItemStatus, documents: dict[int, dict[str, Any]], facts: Any
) -> list[Blocker]:
    item, docs = status.item, [documents[i] for i in status.documents]
    blockers = []
    if not docs:
        return [Blocker("document_missing", item, f"{status.label} is missing")]
    for doc in docs:
        name = f"{doc['kind']} {doc['number']}"
        if doc["scan_status"] == "pending_scan":
            blockers.append(
                Blocker("document_pending_scan", item, f"{name}: waiting for the malware scan")
            )
        if doc["verification"] == "rejected":
            blockers.append(
                Blocker("document_rejected", item, f"{name} was rejected: {doc['reason']}")
            )
        blockers += [Blocker("document_rule", item, f"{name}: {p}")
                     for p in rule_problems(doc, facts, facts["today"])]  # fmt: skip
    if not status.accepted and not blockers:
        blockers.append(Blocker("document_not_accepted", item, f"{status.label}: not yet verified"))
    return blockers


def application_checklist(
    session: Session, actor: Principal, application_id: int, clock: Clock
) -> list[ChecklistEntry]:
    """Every checklist item that applies to the application, for anyone who may see it, with
    documents' validity judged on the Ministry's today."""
    application = load_application(session, actor, application_id)
    facts = application_facts(session, application, clock)
    reasons = {d.id: d.verification_reason for d in application.documents}
    documents = {d["id"]: {**d, "reason": reasons[d["id"]]} for d in facts["documents"]}
    return [
        ChecklistEntry(status, [] if status.accepted else _blockers(status, documents, facts))
        for status in evaluate(application.permit_type, facts)
    ]
