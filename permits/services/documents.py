"""Documents: upload (scan, identify, store), list, download, and officer verification."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from documents.errors import DocumentRejected
from documents.intake import inspect
from documents.scanning import Scanner
from documents.store import DocumentStore
from permits.audit.chain import record_event
from permits.domain import errors
from permits.domain.access import is_record_id, load_application, require_role
from permits.domain.actors import Principal
from permits.domain.clock import Clock
from permits.domain.document_form import DETAIL_FIELDS, parse_document_metadata
from permits.models import Application, Document
from permits.models.base import utcnow
from permits.services.facts import application_facts, document_fact
from permits.services.uow import unit_of_work
from workflows import Blocker
from workflows.checklist import rule_problems

UPLOAD_STATES = ("draft", "returned", "info_requested")
SCAN_STATUS = {None: "unscanned", "clean": "clean", "error": "pending_scan"}


@dataclass(frozen=True)
class Upload:
    """An uploaded file: its bytes and the name the client gave it (shown, never used)."""

    filename: str
    data: bytes


@dataclass(frozen=True)
class Intake:
    """Where uploads go and what checks them."""

    store: DocumentStore
    quarantine: DocumentStore
    scanner: Scanner | None
    max_bytes: int
    max_pixels: int = 40_000_000


def _uploadable(application: Application) -> None:
    if application.status not in UPLOAD_STATES:
        raise errors.InvalidState(
            f"Documents can be attached only while the application is a draft, returned or "
            f"awaiting information (it is {application.status})"
        )


def _quarantine(
    session: Session,
    actor: Principal,
    application_id: int,
    upload: Upload,
    intake: Intake,
    signature: str,
) -> None:
    digest = intake.quarantine.put(upload.data)
    with unit_of_work(session):
        record_event(
            session, actor, "document.quarantined", ("application", application_id),
            payload={"sha256": digest, "signature": signature, "filename": upload.filename[:255]},
        )  # fmt: skip
    raise errors.MalwareFound(f"The file was refused: the malware scanner found {signature}")


def _checked_file(upload: Upload, intake: Intake) -> str:
    """Size and type; the media type of an acceptable file."""
    if len(upload.data) > intake.max_bytes:
        raise errors.PayloadTooLarge(f"Documents are limited to {intake.max_bytes} bytes")
    try:
        return inspect(upload.data, max_pixels=intake.max_pixels).media_type
    except DocumentRejected as rejected:
        raise errors.InvalidInput({"file": [rejected.message]}) from None


def _replaced(application: Application, meta: dict[str, Any]) -> Document | None:
    if "replaces" not in meta:
        return None
    old = next((d for d in application.documents if d.id == meta["replaces"]), None)
    if old is None or old.superseded or old.kind != meta["kind"]:
        raise errors.InvalidInput(
            {"replaces": ["Name a current document of the same kind on this application."]}
        )
    return old


def upload_document(
    session: Session,
    actor: Principal,
    application_id: int,
    upload: Upload,
    metadata: Mapping[str, Any],
    intake: Intake,
) -> Document:
    """Attach a document: scanned first (malware is quarantined), identified, stored by hash."""
    require_role(actor, "applicant")
    meta = parse_document_metadata(metadata)
    _uploadable(load_application(session, actor, application_id))
    session.commit()  # no transaction held while the scanner works
    verdict = intake.scanner.scan(upload.data) if intake.scanner else None
    if verdict and verdict.status == "infected":
        _quarantine(session, actor, application_id, upload, intake, verdict.detail)
    media_type = _checked_file(upload, intake)
    with unit_of_work(session):
        application = load_application(session, actor, application_id, for_update=True)
        _uploadable(application)
        old = _replaced(application, meta)
        document = Document(
            application_id=application.id, kind=meta["kind"], replaces_id=old.id if old else None,
            sha256=intake.store.put(upload.data), size=len(upload.data), media_type=media_type,
            filename=upload.filename[:255] or "upload", number=meta["number"],
            issuer=meta["issuer"], issuing_country=meta["issuing_country"],
            issued_on=meta["issued_on"], valid_until=meta["valid_until"],
            authenticated=meta["authenticated"],
            details={k: meta[k] for k in DETAIL_FIELDS if k in meta},
            scan_status=SCAN_STATUS[verdict.status if verdict else None],
            scan_detail=(verdict.detail or None) if verdict else None, uploaded_by_id=actor.id,
        )  # fmt: skip
        if old is not None:
            old.superseded = True
        session.add(document)
        application.updated_at = utcnow()
        session.flush()
        record_event(
            session, actor, "document.upload", ("application", application.id),
            payload={"document_id": document.id, "kind": document.kind, "sha256": document.sha256,
                     "size": document.size, "replaces": document.replaces_id,
                     "scan_status": document.scan_status, "version": application.version},
        )  # fmt: skip
    return document


def list_documents(session: Session, actor: Principal, application_id: int) -> list[Document]:
    """The application's documents; superseded versions too for auditors and officers."""
    application = load_application(session, actor, application_id)
    if actor.role == "applicant":
        return [d for d in application.documents if not d.superseded]
    return list(application.documents)


def get_document(
    session: Session, actor: Principal, application_id: int, document_id: int
) -> Document:
    """One document of an application the actor may see."""
    documents = list_documents(session, actor, application_id)
    found = next((d for d in documents if d.id == document_id), None)
    if found is None or not is_record_id(document_id):
        raise errors.NotFound(f"Document {document_id} not found")
    return found


def document_file(
    session: Session, actor: Principal, application_id: int, document_id: int, store: DocumentStore
) -> tuple[Document, bytes]:
    """A document and its bytes, read back from the store and checked against the hash."""
    document = get_document(session, actor, application_id, document_id)
    if document.scan_status == "infected":
        raise errors.Conflict("The file was found to carry malware and is quarantined")
    return document, store.get(document.sha256)


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
    reason = (reason or "").strip() or None
    if decision not in ("accepted", "rejected"):
        raise errors.InvalidInput({"decision": ["Must be 'accepted' or 'rejected'."]})
    if decision == "rejected" and reason is None:
        raise errors.InvalidInput({"reason": ["A rejection needs a reason."]})
    with unit_of_work(session):
        application = load_application(session, actor, application_id, for_update=True)
        if application.status != "under_review":
            raise errors.InvalidState(
                "Documents are verified while the application is under review"
            )
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


def rescan_pending(session: Session, actor: Principal, intake: Intake) -> dict[str, int]:
    """Scan again every document the scanner could not check; infected ones are quarantined."""
    require_role(actor, "admin")
    if intake.scanner is None:
        raise errors.InvalidInput({"scanner": ["No malware scanner is configured."]})
    pending = list(session.scalars(select(Document).where(Document.scan_status == "pending_scan")))
    session.commit()
    counts = {"clean": 0, "infected": 0, "error": 0}
    for document in pending:
        verdict = intake.scanner.scan(intake.store.get(document.sha256))
        counts[verdict.status] += 1
        if verdict.status != "error":
            _record_rescan(session, actor, document.id, verdict.status, verdict.detail, intake)
    return counts


def _record_rescan(session: Session, actor: Principal, document_id: int, status: str,
                   detail: str, intake: Intake) -> None:  # fmt: skip
    with unit_of_work(session):
        document = session.get(Document, document_id)
        if document is None or document.scan_status != "pending_scan":
            return
        if status == "infected":
            intake.quarantine.put(intake.store.get(document.sha256))
        document.scan_status, document.scan_detail = status, detail or None
        record_event(
            session, actor, f"document.scan_{status}", ("application", document.application_id),
            payload={"document_id": document.id, "sha256": document.sha256, "signature": detail},
        )  # fmt: skip
