"""What the workflow guards may ask about an application, gathered from the database on demand."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from permits.domain.clock import Clock
from permits.models import Application, AuditEvent, Country, Document
from permits.services.compliance_facts import (
    clearances,
    reexport_source,
    serial_conflicts,
    similar_refusals,
)
from permits.services.drafts import form_fields, goods_facts
from permits.services.lists_in_force import regimes_in_force
from permits.services.policy import Policy
from permits.services.screening import application_parties, screen_parties


def officer_ids(session: Session, application_id: int) -> set[int]:
    """The users who acted as officers on the application (for four eyes)."""
    return set(
        session.scalars(
            select(AuditEvent.actor_id).where(
                AuditEvent.subject_type == "application",
                AuditEvent.subject_id == str(application_id),
                AuditEvent.actor_role == "officer",
                AuditEvent.actor_id.is_not(None),
            )
        )
    )


class ApplicationFacts(Mapping[str, Any]):
    """What the workflow guards look at; each fact is gathered from the database on first use."""

    def __init__(self, session: Session, application: Application, policy: Policy | None,
                 clock: Clock):  # fmt: skip
        today = clock.today()  # one day for every fact, read once
        self._gather: dict[str, Callable[[], Any]] = {
            "firm_id": lambda: application.firm_id,
            "permit_type": lambda: application.permit_type,
            "fields": lambda: form_fields(application),
            "goods": lambda: goods_facts(application),
            "officer_ids": lambda: officer_ids(session, application.id),
            "documents": lambda: current_documents(application),
            "today": lambda: today,
            "counterpart_requires_euc": lambda: requires_euc(session, application),
            "firm_licence_valid_until": lambda: application.firm.licence_valid_until,
            "used_end_user_certificates": lambda: used_end_user_certificates(session, application),
            "embargo_list_version": lambda: self["_embargo"][0],
            "embargo_regimes": lambda: self["_embargo"][1],
            "_embargo": lambda: regimes_in_force(session, self["today"]),
            "screening": lambda: screen_parties(
                session, application_parties(application), _needs(policy).screening_threshold
            ),
            "clearances": lambda: clearances(session, application.id),
            "reexport_source": lambda: reexport_source(session, application),
            "serial_conflicts": lambda: serial_conflicts(session, application),
            "similar_refusals": lambda: similar_refusals(
                session, application, _needs(policy).similar_refusal_years, clock
            ),
        }
        self._known: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._known:
            self._known[name] = self._gather[name]()
        return self._known[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._gather)

    def __len__(self) -> int:
        return len(self._gather)


def _needs(policy: Policy | None) -> Policy:
    if policy is None:
        # A caller that evaluates only document rules passes no policy; a guard that screens
        # parties or looks for earlier refusals must never run on made-up thresholds.
        raise RuntimeError("this fact depends on the rule policy, and none was given")
    return policy


def application_facts(
    session: Session,
    application: Application,
    clock: Clock,
    policy: Policy | None = None,
) -> ApplicationFacts:
    """The facts about an application that the workflow guards may ask for, today by the clock
    (the Ministry's date); the screening and earlier-refusal facts need the Ministry's rule
    policy."""
    return ApplicationFacts(session, application, policy, clock)


def document_fact(document: Document) -> dict[str, Any]:
    """A document as plain data for the checklist rules."""
    return {
        "id": document.id, "kind": document.kind, "verification": document.verification,
        "scan_status": document.scan_status, "valid_until": document.valid_until,
        "authenticated": document.authenticated, "issuing_country": document.issuing_country,
        "number": document.number, "issuer": document.issuer, "details": document.details or {},
    }  # fmt: skip


def current_documents(application: Application) -> list[dict[str, Any]]:
    """The application's current (not superseded) documents as plain data."""
    return [document_fact(d) for d in application.documents if not d.superseded]


def used_end_user_certificates(session: Session, application: Application) -> set[tuple[str, str]]:
    """(number, issuer) of foreign end-user certificates on other approved applications."""
    rows = session.execute(
        select(Document.number, Document.issuer)
        .join(Application, Application.id == Document.application_id)
        .where(
            Document.kind == "foreign_end_user_certificate",
            Document.superseded.is_(False),
            Application.status == "approved",
            Application.id != application.id,
        )
    )
    return {(row.number, row.issuer) for row in rows}


def requires_euc(session: Session, application: Application) -> bool:
    """Whether the other country's law requires Kazakhstan's end-user certificate."""
    if application.counterpart_country is None:
        return False
    country = session.get(Country, application.counterpart_country)
    return bool(country and country.requires_end_user_certificate)
