"""Test factories: rows made directly for speed, applications made through the services."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

import factory
from factory.alchemy import SQLAlchemyModelFactory
from sqlalchemy.orm import Session

from permits.domain.clock import Clock
from permits.domain.identifiers import with_check_digit
from permits.domain.passwords import hash_password
from permits.models import Application, Firm, User
from permits.services.applications import create_application, perform_action
from permits.services.demo_data import goods as demo_goods
from permits.services.runtime import Runtime
from permits.services.sample_documents import accept_all_documents, attach_sample_checklist
from permits.services.shipments import record_shipment

PASSWORD = "correct horse battery staple"
PASSWORD_HASH = hash_password(PASSWORD)  # hashed once: argon2 is slow by design
_bins = itertools.count(1)


_RUNTIME: list[Runtime] = []


def bind(session: Session | None, runtime: Runtime | None = None) -> None:
    """Point every factory at the test's session and the test app's runtime."""
    for model_factory in (FirmFactory, UserFactory):
        model_factory._meta.sqlalchemy_session = session
    _RUNTIME[:] = [runtime] if runtime else []


def runtime() -> Runtime:
    """The test app's runtime: its policy, document intake, clock and permit issuer."""
    return _RUNTIME[0]


def clock() -> Clock:
    """The test app's clock: the Ministry's today (freezegun moves it)."""
    return runtime().clock


def next_bin() -> str:
    """A fresh valid BIN: registered March 2019, resident legal person."""
    while True:
        stem = f"1903400{next(_bins):04d}"
        try:
            return with_check_digit(stem)
        except ValueError:
            continue


class FirmFactory(SQLAlchemyModelFactory):
    """A licensed firm."""

    class Meta:
        model = Firm
        sqlalchemy_session_persistence = "commit"

    name = factory.Sequence(lambda n: f"Firm {n} LLP")
    bin = factory.LazyFunction(next_bin)
    address = "Almaty"
    licence_number = factory.Sequence(lambda n: f"MIA-TL-{n:04d}")
    licence_valid_until = date(2031, 12, 31)


class UserFactory(SQLAlchemyModelFactory):
    """A user; an applicant (of a new firm) unless another role is given."""

    class Meta:
        model = User
        sqlalchemy_session_persistence = "commit"

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"User {n}")
    password_hash = PASSWORD_HASH
    role = "applicant"
    is_head = False
    firm = factory.Maybe(
        factory.LazyAttribute(lambda o: o.role == "applicant"),
        yes_declaration=factory.SubFactory(FirmFactory),
        no_declaration=None,
    )


def goods_line(**changes: Any) -> dict[str, Any]:
    """A complete firearm goods line with one (fresh) serial per weapon."""
    quantity = changes.pop("quantity", 2)
    count = quantity if isinstance(quantity, int) else 0
    line = demo_goods("686 Silver Pigeon I", count, f"SN{next(_bins):06d}-")
    line.update(quantity=quantity, **changes)
    return line


def application_form(permit_type: str = "import", **changes: Any) -> dict[str, Any]:
    """A complete application form of the given type."""
    form: dict[str, Any] = {
        "permit_type": permit_type,
        "responsible_person": {
            "full_name": "Aigerim Sadykova",
            "id_document_type": "id_card",
            "id_document_number": "N04512378",
            "iin": with_check_digit("85030240012"),
        },
        "counterpart_country": "IT",
        "customs_point": "ALA-AIR",
        "contract_reference": "BER-2026/114",
        "end_user": {"name": "Steppe Hunter LLP", "country": "KZ", "address": None},
        "consignee": {"name": "Steppe Hunter LLP", "country": "KZ", "address": None},
        "goods": [goods_line()],
    }
    if permit_type == "re_export":
        form["reexport_of"] = None  # application_in imports the goods first
    form.update(changes)
    return form


class Cast:
    """One firm's head and clerk, two officers, two approvers: the people of a story."""

    def __init__(self) -> None:
        self.head = UserFactory(role="applicant", is_head=True)
        self.clerk = UserFactory(role="applicant", firm=self.head.firm)
        self.officer = UserFactory(role="officer")
        self.officer2 = UserFactory(role="officer")
        self.approver = UserFactory(role="approver")
        self.approver2 = UserFactory(role="approver")
        self.auditor = UserFactory(role="auditor")
        self.admin = UserFactory(role="admin")
        self.customs = UserFactory(role="customs")


# The steps from draft to each state, as (cast member, action, arguments); "attach" uploads the
# whole checklist and "verify" has the officer accept every document.
ATTACH, VERIFY = ("clerk", "attach", {}), ("officer", "verify", {})
SUBMITTED = [ATTACH, ("head", "submit", {})]
PATHS: dict[str, list[tuple[str, str, dict[str, Any]]]] = {
    "draft": [],
    "submitted": SUBMITTED,
    "returned": [*SUBMITTED, ("officer", "return", {"reason": "fee receipt missing"})],
    "under_review": [*SUBMITTED, ("officer", "accept", {})],
}
PATHS["info_requested"] = [*PATHS["under_review"], ("officer", "request_info", {"reason": "?"})]
PATHS["awaiting_decision"] = [
    *PATHS["under_review"],
    VERIFY,
    ("officer", "recommend", {"recommendation": "approve", "reason": "complete"}),
]
PATHS["approved"] = [*PATHS["awaiting_decision"], ("approver", "approve", {})]
PATHS["refused"] = [
    *PATHS["awaiting_decision"],
    ("approver", "refuse", {"reason": "no", "grounds": ["other"]}),
]
PATHS["withdrawn"] = [("head", "withdraw", {})]


def application_in(
    session: Session, cast: Cast, state: str, permit_type: str = "import", **changes: Any
) -> Application:
    """An application of the cast's firm brought to ``state`` through the services.

    A re-export first imports its goods (approved import permit, shipped in full) unless the
    changes name the permit it re-exports from.
    """
    if permit_type == "re_export" and "reexport_of" not in changes:
        changes.setdefault("goods", [goods_line()])
        changes["reexport_of"] = imported_permit(session, cast, changes["goods"])
    application = create_application(session, cast.clerk, application_form(permit_type, **changes))
    for member, action, params in PATHS[state]:
        actor = getattr(cast, member)
        if action == "attach":
            attach_sample_checklist(session, actor, application.id, runtime().intake, clock())
        elif action == "verify":
            accept_all_documents(session, actor, application.id, clock())
        else:
            application = perform_action(
                session, actor, application.id, action, runtime=runtime(), **params
            )
    return reload_application(session, application.id)


def imported_permit(session: Session, cast: Cast, goods: list[dict[str, Any]]) -> str:
    """The number of an import permit of the cast's firm for these goods, all of it shipped."""
    imported = application_in(session, cast, "approved", "import", goods=[dict(g) for g in goods])
    permit = imported.permit
    record_shipment(
        session, cast.customs, permit.number, permit.customs_point, clock().today(),
        [{"goods_line_id": line.goods_line_id, "quantity": line.quantity,
          "serial_numbers": line.goods_line.serial_numbers} for line in permit.lines],
        clock=clock(),
    )  # fmt: skip
    return permit.number


def reload_application(session: Session, application_id: int) -> Application:
    """The application as stored now, in the test's session."""
    session.commit()
    return session.get(Application, application_id, populate_existing=True)
