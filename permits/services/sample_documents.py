"""Attach and accept a complete set of sample documents: for the demo data and for tests."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from documents.samples import sample_pdf
from permits.domain.access import load_application
from permits.domain.actors import Principal
from permits.domain.clock import Clock
from permits.services.checklist import application_checklist
from permits.services.document_verification import verify_document
from permits.services.documents import (
    Intake,
    Upload,
    list_documents,
    upload_document,
)


def _metadata(kind: str, country: str | None, application: Any, today: date) -> dict[str, Any]:
    issued = today - timedelta(days=30)
    meta: dict[str, Any] = {
        "kind": kind, "number": f"{kind.upper()[:12]}-{application.id}-{country or 0}",
        "issuer": "Competent authority", "issuing_country": country or "KZ",
        "issued_on": issued.isoformat(), "valid_until": (issued + timedelta(days=730)).isoformat(),
        "authenticated": "true",
    }  # fmt: skip
    if kind == "transit_non_objection":
        meta["covers_country"] = country
    if kind == "foreign_end_user_certificate":
        meta["undertaking_no_reexport"] = "true"
        meta["issuing_country"] = application.counterpart_country or "KZ"
    if kind == "origin_consent":
        meta["destination_country"] = application.counterpart_country
        meta["quantities"] = {g.model: g.quantity for g in application.goods}
        meta["issuing_country"] = application.goods[0].country_of_manufacture
    return meta


def attach_sample_checklist(session: Session, actor: Principal, application_id: int,
                            intake: Intake, clock: Clock) -> int:  # fmt: skip
    """Upload one sample document for every unsatisfied checklist item, issued a month before
    the Ministry's today; return how many."""
    missing = [e.status for e in application_checklist(session, actor, application_id, clock)
               if not e.status.present]  # fmt: skip
    application = load_application(session, actor, application_id)
    for status in missing:
        kind = status.kinds[0]
        upload = Upload(f"{kind}.pdf", sample_pdf(f"{kind} {application_id} {status.country}"))
        upload_document(session, actor, application_id, upload,
                        _metadata(kind, status.country, application, clock.today()),
                        intake)  # fmt: skip
    return len(missing)


def accept_all_documents(session: Session, officer: Principal, application_id: int,
                         clock: Clock) -> None:  # fmt: skip
    """An officer accepts every current document still pending."""
    for document in list_documents(session, officer, application_id):
        if not document.superseded and document.verification == "pending":
            verify_document(session, officer, application_id, document.id, "accepted", None,
                            clock=clock)  # fmt: skip
