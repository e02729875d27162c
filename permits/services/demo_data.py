"""Demo data: a sample firm, one user of every role, applications in several states.

Everything goes through the service layer, so the demo's audit chain is as real as production's.
Running it again resets the demo users' passwords (printed) and adds nothing twice.
"""

from __future__ import annotations

import secrets
from datetime import date
from importlib import resources
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from permits.domain.actors import cli_actor
from permits.domain.identifiers import with_check_digit
from permits.models import Firm, User, WeaponModel
from permits.services.applications import create_application, perform_action
from permits.services.firms import create_firm, create_user, set_password
from permits.services.lists_in_force import current_version
from permits.services.reference_lists import import_sanctions_list
from permits.services.runtime import Runtime
from permits.services.sample_documents import accept_all_documents, attach_sample_checklist

DEMO_BIN = with_check_digit("19054000123")
SAMPLE_SANCTIONS = "un-consolidated-sample.xml"
USERS = (
    ("head", "applicant", True, "Aigerim Nurlanovna Sadykova"),
    ("clerk", "applicant", False, "Daniyar Serikuly Akhmetov"),
    ("officer", "officer", False, "Yerlan Bolatuly Tasmagambetov"),
    ("officer2", "officer", False, "Saule Maratovna Iskakova"),
    ("approver", "approver", False, "Marat Kairatuly Zhaksylykov"),
    ("customs", "customs", False, "Gulnara Abaevna Ospanova"),
    ("auditor", "auditor", False, "Timur Asanuly Bekov"),
    ("admin", "admin", False, "Asel Ermekovna Kenzhebaeva"),
)
REGISTER = (
    ("firearm", "Beretta", "686 Silver Pigeon I", "12/76", "IT"),
    ("firearm", "Sauer", "S404 Classic", ".308 Win", "DE"),
    ("cartridges", "Sellier & Bellot", "FMJ", "9x19 mm", "CZ"),
)


def goods(model: str, quantity: int, serial_prefix: str) -> dict[str, Any]:
    """A firearm goods line with one serial number per weapon."""
    return {
        "kind": "firearm",
        "category": "civilian",
        "model": model,
        "calibre": "12/76",
        "manufacturer": "Beretta",
        "country_of_manufacture": "IT",
        "quantity": quantity,
        "unit_value": "2450.00",
        "currency": "EUR",
        "hs_code": "930320",
        "serial_numbers": [f"{serial_prefix}{n:05d}" for n in range(1, quantity + 1)],
    }


def application(permit_type: str, **changes: Any) -> dict[str, Any]:
    """A complete application form of the given type."""
    form: dict[str, Any] = {
        "permit_type": permit_type,
        "responsible_person": {
            "full_name": "Aigerim Nurlanovna Sadykova",
            "id_document_type": "id_card",
            "id_document_number": "N04512378",
            "iin": with_check_digit("85030240012"),
        },
        "counterpart_country": "IT",
        "customs_point": "ALA-AIR",
        "contract_reference": "BER-2026/114",
        "end_user": {
            "name": "Steppe Hunter LLP",
            "country": "KZ",
            "address": "Almaty, Abai ave. 10",
        },
        "consignee": {
            "name": "Steppe Hunter LLP",
            "country": "KZ",
            "address": "Almaty, Abai ave. 10",
        },
        "goods": [goods("686 Silver Pigeon I", 4, "BE26K")],
    }
    form.update(changes)
    return form


# Each story: the form, then (user, action, extra arguments) steps from draft onwards.
STORIES: tuple[tuple[dict[str, Any], tuple[tuple[str, str, dict[str, Any]], ...]], ...] = (
    (application("import", contract_reference="BER-2026/120"), ()),
    (application("import"), (("head", "submit", {}),)),
    (
        application("import", goods=[goods("686 Silver Pigeon I", 2, "BE26M")]),
        (
            ("head", "submit", {}),
            ("officer", "accept", {}),
            (
                "officer",
                "request_info",
                {"reason": "Attach the specification annex of the contract"},
            ),
        ),
    ),
    (
        application("import", goods=[goods("686 Silver Pigeon I", 6, "BE26R")]),
        (
            ("head", "submit", {}),
            ("officer", "accept", {}),
            ("officer", "recommend", {"recommendation": "approve", "reason": "Checklist complete"}),
        ),
    ),
    (
        application("import", goods=[goods("686 Silver Pigeon I", 3, "BE26A")]),
        (
            ("head", "submit", {}),
            ("officer", "accept", {}),
            (
                "officer",
                "recommend",
                {"recommendation": "approve", "reason": "All documents verified"},
            ),
            ("approver", "approve", {}),
        ),
    ),
    (
        application(
            "export",
            counterpart_country="UZ",
            customs_point="ZHIBEK-ZHOLY",
            end_user={"name": "Tashkent Shooting Club", "country": "UZ", "address": None},
            consignee={"name": "Tashkent Shooting Club", "country": "UZ", "address": None},
        ),
        (("head", "submit", {}), ("officer", "return", {"reason": "The fee receipt is missing"})),
    ),
    (
        application("import", goods=[goods("686 Silver Pigeon I", 1, "BE26X")]),
        (
            ("head", "submit", {}),
            ("officer2", "accept", {}),
            (
                "officer2",
                "recommend",
                {"recommendation": "refuse", "reason": "Licence expires before delivery"},
            ),
            (
                "approver",
                "refuse",
                {
                    "reason": "The trade licence does not cover the delivery date",
                    "grounds": ["not_licensed"],
                },
            ),
        ),
    ),
    (
        application("import", goods=[goods("686 Silver Pigeon I", 2, "BE26W")]),
        (("head", "withdraw", {}),),
    ),
)


def _find(session: Session, query: Any) -> Any:
    """One row or None, read in a transaction of its own (services open their own)."""
    with session.begin():
        return session.scalar(query)


def _users(session: Session) -> tuple[dict[str, User], dict[str, str]]:
    actor, passwords, users = cli_actor(), {}, {}
    for username, role, head, full_name in USERS:
        password = secrets.token_urlsafe(12)
        user = _find(session, select(User).where(User.username == username))
        if user is None:
            user = create_user(
                session,
                actor,
                username=username,
                role=role,
                password=password,
                firm_bin=DEMO_BIN if role == "applicant" else None,
                is_head=head,
                full_name=full_name,
            )
        else:
            set_password(session, actor, user.id, password)
        users[username], passwords[username] = user, password
    return users, passwords


def _reference(session: Session) -> None:
    with session.begin():
        for kind, manufacturer, model, calibre, country in REGISTER:
            exists = session.scalar(select(WeaponModel.id).where(WeaponModel.model == model))
            if exists is None:
                session.add(
                    WeaponModel(
                        kind=kind,
                        manufacturer=manufacturer,
                        model=model,
                        calibre=calibre,
                        category="civilian",
                        country_of_manufacture=country,
                        register_number=f"GR-{model[:3].upper()}",
                    )
                )


def _sample_sanctions_list(session: Session) -> None:
    """The sample of the UN list shipped for the demo, unless a list is loaded already."""
    with session.begin():
        loaded = current_version(session, "sanctions")
    if loaded is None:
        sample = resources.files("permits") / "data" / SAMPLE_SANCTIONS
        import_sanctions_list(session, cli_actor(), sample.read_bytes(), SAMPLE_SANCTIONS)


def _attach_checklist(session: Session, users: dict[str, User], _who: str, application_id: int,
                      runtime: Runtime) -> None:  # fmt: skip
    attach_sample_checklist(session, users["clerk"], application_id, runtime.intake,
                            runtime.clock)  # fmt: skip


def _verify_documents(session: Session, users: dict[str, User], who: str, application_id: int,
                      runtime: Runtime) -> None:  # fmt: skip
    accept_all_documents(session, users[who], application_id, runtime.clock)


# What a person does before an action of a story, as the workflow's guards demand: the
# checklist goes in before the first submission, the officer verifies it all before recommending.
PREPARATION = {"submit": _attach_checklist, "recommend": _verify_documents}


def _stories(session: Session, users: dict[str, User], runtime: Runtime) -> int:
    for form, steps in STORIES:
        app = create_application(session, users["clerk"], form)
        for username, action, extra in steps:
            if action in PREPARATION:
                PREPARATION[action](session, users, username, app.id, runtime)
            app = perform_action(session, users[username], app.id, action, runtime=runtime,
                                 **extra)  # fmt: skip
    return len(STORIES)


def load_demo(session: Session, runtime: Runtime) -> str:
    """Load the demo data; return the report to print, with every user's password."""
    firm = _find(session, select(Firm).where(Firm.bin == DEMO_BIN))
    if firm is None:
        create_firm(
            session,
            cli_actor(),
            name="Steppe Hunter LLP",
            bin_number=DEMO_BIN,
            licence_number="MIA-TL-0457",
            licence_valid_until=date(2030, 12, 31),
            address="Almaty, Abai ave. 10",
        )
    _reference(session)
    _sample_sanctions_list(session)
    users, passwords = _users(session)
    created = _stories(session, users, runtime) if firm is None else 0
    lines = [f"demo firm: Steppe Hunter LLP (BIN {DEMO_BIN}); {created} applications created"]
    lines += [
        f"  {name:<9} {users[name].role:<9} password: {passwords[name]}" for name, *_ in USERS
    ]
    return "\n".join(lines)
