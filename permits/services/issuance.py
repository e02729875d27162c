"""Issuing the permit when an application is approved: number, validity, PDF, signature.

Runs inside the approval's transaction: if numbering, rendering, signing or storing fails, the
approval fails with it and nothing changes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from documents.permit_pdf import render_permit
from documents.store import DocumentStore
from permits.audit.checkpoints import LogSigner
from permits.audit.log import as_checkpoint, write_checkpoint
from permits.audit.permit_witness import witness_keywords, witness_text
from permits.domain import errors
from permits.domain.actors import Principal
from permits.domain.clock import Clock
from permits.models import Application, Permit, PermitCounter, PermitLine
from permits.services.permit_text import import_marking, permit_data
from workflows import Blocker

TYPE_CODES = {"import": "IMP", "export": "EXP", "transit": "TRN", "re_export": "REX"}
# Documents whose validity the permit may not outlast.
LIMITING_KINDS = ("import_authorisation", "trade_licence", "industry_licence")


class Signer(Protocol):
    """Anything that signs a PDF for an approver at a moment."""

    def sign(self, pdf: bytes, approver: str, moment: datetime, location: str = ...,
             reason: str = ...) -> bytes:  # fmt: skip
        """The signed PDF."""
        ...


@dataclass(frozen=True)
class PermitIssuer:
    """What issuing needs: the signer (key loaded), the store, the public URL, validity rules."""

    signer: Signer
    store: DocumentStore
    public_url: str
    validity_days: Mapping[str, int]
    log_signer: LogSigner
    letterhead: bytes | None = None  # the Ministry's letterhead image printed on permits


def next_number(session: Session, permit_type: str, year: int) -> tuple[int, str]:
    """The next gapless sequence of a type and year, taken under a row lock."""
    insert = (postgresql if session.get_bind().dialect.name == "postgresql" else sqlite).insert
    session.execute(
        insert(PermitCounter)
        .values(permit_type=permit_type, year=year, last=0)
        .on_conflict_do_nothing(index_elements=["permit_type", "year"])
    )
    counter = session.scalars(
        select(PermitCounter)
        .where(PermitCounter.permit_type == permit_type, PermitCounter.year == year)
        .with_for_update()
    ).one()
    counter.last += 1
    return counter.last, f"KZ-{TYPE_CODES[permit_type]}-{year}-{counter.last:06d}"


def validity(application: Application, start: date, days: int) -> date:
    """The permit's last day: the configured term, cut to every licence it rests on."""
    ends = [start + timedelta(days=days - 1), application.firm.licence_valid_until]
    ends += [
        d.valid_until
        for d in application.documents
        if d.kind in LIMITING_KINDS and not d.superseded and d.valid_until is not None
    ]
    end = min(ends)
    if end < start:
        blocker = Blocker("validity", "valid_until", f"A licence it rests on ends on {end}")
        raise errors.ActionBlocked("The permit would expire before it starts", [blocker])
    return end


def issue_permit(session: Session, actor: Principal, application: Application,
                 issuer: PermitIssuer, clock: Clock) -> Permit:  # fmt: skip
    """Number, render, sign and store the permit of an approved application."""
    start = clock.today()
    valid_until = validity(application, start, issuer.validity_days[application.permit_type])
    sequence, number = next_number(session, application.permit_type, start.year)
    token = secrets.token_urlsafe(24)
    url = f"{issuer.public_url.rstrip('/')}/verify/{number}?t={token}"
    checkpoint = as_checkpoint(write_checkpoint(session, issuer.log_signer))
    data = permit_data(session, application, number, start, valid_until, url)
    data = dataclasses.replace(
        data,
        witness=witness_text(checkpoint, clock.zone),
        keywords=witness_keywords(checkpoint),
        letterhead=issuer.letterhead,
    )
    pdf = render_permit(data)
    approver = getattr(actor, "full_name", "") or actor.username
    signed = issuer.signer.sign(pdf, approver, clock.now())
    permit = Permit(
        number=number, permit_type=application.permit_type, year=start.year, sequence=sequence,
        application_id=application.id, firm_id=application.firm_id, status="active",
        valid_from=start, valid_until=valid_until, customs_point=application.customs_point,
        token_hash=hashlib.sha256(token.encode()).hexdigest(),
        pdf_sha256=issuer.store.put(signed), issued_by_id=actor.id,
        import_marking=import_marking(application, start.year),
        lines=[PermitLine(goods_line_id=g.id, quantity=g.quantity) for g in application.goods],
    )  # fmt: skip
    session.add(permit)
    session.flush()
    return permit
