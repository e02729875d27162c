"""Is this permit ours, untouched, and valid? One answer behind the page, the API and the CLI.

Every check through the public doors (the QR link's page, an uploaded PDF on the page or the
API) that names a permit the Ministry issued is written to the audit log as ``permit.verify``
with the door and the verdict, so the permit's page can say how often, and how often in vain, it
was checked. The CLI's offline and operator checks are not counted; a number no permit has is
not either (there is nothing to count it against)."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field

from cryptography import x509
from sqlalchemy import select
from sqlalchemy.orm import Session

from documents.signing import check_signature
from permits.audit.chain import record_event
from permits.domain import errors
from permits.domain.actors import SystemActor
from permits.domain.clock import Clock
from permits.models import Permit
from permits.services.permits import expire_if_due
from permits.services.uow import unit_of_work

NOT_OURS = "not a permit issued by the Ministry"
VERIFY_EVENT = "permit.verify"  # written literally below: tests read event types from calls
# Nobody signs in to verify: the log names the public, as it names a failed sign-in's caller.
PUBLIC = SystemActor(username="public", role="anonymous")
# A QR link whose code does not match, an altered file, a file signed by someone else.
FAILED_VERDICTS = ("wrong_code", "tampered", "unknown")


@dataclass(frozen=True)
class Verdict:
    """``authentic`` (with the permit's status), ``tampered`` or ``unknown``, and why."""

    verdict: str
    permit_number: str | None = None
    status: str | None = None
    reasons: tuple[str, ...] = field(default=())


def _number(subject: str | None) -> str | None:
    if subject and subject.startswith("permit:"):
        return subject.removeprefix("permit:")
    return None


def verify_pdf(session: Session | None, data: bytes, root: x509.Certificate,
               clock: Clock) -> Verdict:  # fmt: skip
    """Check the signature against the root and, with a database, the issued file's hash and
    the permit's status on the Ministry's today."""
    check = check_signature(data, root)
    number = _number(check.subject)
    if number is None or not check.signed:
        return Verdict("unknown", number, None, (NOT_OURS, *check.reasons))
    if session is None:
        # Offline: the signature alone speaks; the permit's current status is not known here.
        return Verdict("authentic" if check.ok else "tampered", number, None, check.reasons)
    expire_if_due(session, number, clock.today())
    permit = session.scalars(select(Permit).where(Permit.number == number)).one_or_none()
    if permit is None:
        return Verdict("unknown", number, None, (NOT_OURS,))
    reasons = list(check.reasons)
    if hashlib.sha256(data).hexdigest() != permit.pdf_sha256:
        reasons.append("the file differs from the one the Ministry issued")
    if reasons:
        return Verdict("tampered", number, permit.status, tuple(reasons))
    return Verdict("authentic", number, permit.status)


def verify_upload(session: Session, data: bytes, root: x509.Certificate,
                  max_bytes: int, clock: Clock) -> Verdict:  # fmt: skip
    """Verify an uploaded file: refused unless it is a PDF of a plausible size."""
    if not data.startswith(b"%PDF-"):
        raise errors.InvalidInput({"file": ["Upload the permit as a PDF file."]})
    if len(data) > max_bytes:
        raise errors.PayloadTooLarge("The file is larger than any permit")
    verdict = verify_pdf(session, data, root, clock)
    if verdict.permit_number is not None:
        record_check(session, verdict.permit_number, "upload", verdict.verdict)
    return verdict


def verify_token(session: Session, number: str, token: str, clock: Clock) -> Permit | None:
    """The permit a QR code points to, when its token matches; None otherwise (no hint why)."""
    expire_if_due(session, number, clock.today())
    permit = session.scalars(select(Permit).where(Permit.number == number)).one_or_none()
    if permit is None:
        return None
    digest = hashlib.sha256(token.encode()).hexdigest()
    matches = hmac.compare_digest(permit.token_hash, digest)
    record_check(session, number, "link", "authentic" if matches else "wrong_code")
    return permit if matches else None


def record_check(session: Session, number: str, door: str, verdict: str) -> None:
    """Write one public check of an issued permit to the audit log, in its own transaction (a
    number no permit has is not written: there is nothing to count it against)."""
    with unit_of_work(session):
        if session.scalar(select(Permit.id).where(Permit.number == number)) is None:
            return
        record_event(session, PUBLIC, "permit.verify", ("permit", number),
                     payload={"door": door, "verdict": verdict})  # fmt: skip
