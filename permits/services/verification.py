"""Is this permit ours, untouched, and valid? One answer behind the page, the API and the CLI."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field

from cryptography import x509
from sqlalchemy import select
from sqlalchemy.orm import Session

from documents.signing import check_signature
from permits.domain import errors
from permits.domain.clock import Clock
from permits.models import Permit
from permits.services.permits import expire_if_due

NOT_OURS = "not a permit issued by the Ministry"


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
    return verify_pdf(session, data, root, clock)


def verify_token(session: Session, number: str, token: str, clock: Clock) -> Permit | None:
    """The permit a QR code points to, when its token matches; None otherwise (no hint why)."""
    expire_if_due(session, number, clock.today())
    permit = session.scalars(select(Permit).where(Permit.number == number)).one_or_none()
    digest = hashlib.sha256(token.encode()).hexdigest()
    if permit is None or not hmac.compare_digest(permit.token_hash, digest):
        return None
    return permit
