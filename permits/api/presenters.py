"""Shape models into the dictionaries the output schemas dump."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.orm import Session

from permits.api.base import IF_MATCH_PATTERN
from permits.api.schemas.applications import OFFICER_ONLY
from permits.domain import errors
from permits.domain.actors import Principal
from permits.http.request import runtime
from permits.models import Application, GoodsLine
from permits.services.applications import available_actions
from permits.services.deadlines import due_on, is_overdue
from permits.services.drafts import GOODS_FIELDS


def _person(application: Application) -> dict[str, Any] | None:
    names = ("full_name", "id_document_type", "id_document_number", "iin")
    values = {n: getattr(application, f"responsible_{n}") for n in names}
    return values if any(values.values()) else None


def _party(application: Application, party: str) -> dict[str, Any] | None:
    values = {n: getattr(application, f"{party}_{n}") for n in ("name", "country", "address")}
    return values if any(values.values()) else None


def _goods(line: GoodsLine) -> dict[str, Any]:
    values = {name: getattr(line, name) for name in GOODS_FIELDS}
    values.update(
        id=line.id,
        in_state_register=line.in_state_register,
        serial_numbers=line.serial_numbers,
        unit_value=f"{line.unit_value:.2f}",
    )
    return values


def _permit(application: Application) -> dict[str, Any] | None:
    permit = application.permit
    if permit is None:
        return None
    return {
        name: getattr(permit, name)
        for name in ("number", "status", "valid_from", "valid_until", "import_marking")
    }


def present_application(
    session: Session, actor: Principal, application: Application
) -> dict[str, Any]:
    """The application as the actor may see it, with the actions open to them."""
    data: dict[str, Any] = {
        name: getattr(application, name)
        for name in ("id", "status", "version", "permit_type", "definition_version",
                     "counterpart_country", "customs_point", "contract_reference",
                     "reexport_of", "refusal_grounds", "created_at", "updated_at",
                     "submitted_at", "decided_at", "recommendation", "accepted_at",
                     "decision_extension_reason", "embargo_list_version",
                     "sanctions_list_version")
    }  # fmt: skip
    firm = application.firm
    data.update(
        firm={"id": firm.id, "name": firm.name, "bin": firm.bin},
        responsible_person=_person(application),
        end_user=_party(application, "end_user"),
        consignee=_party(application, "consignee"),
        carrier=_party(application, "carrier"),
        broker=_party(application, "broker"),
        due_at=due_on(application),
        overdue=is_overdue(application, runtime().clock.today()),
        transit_countries=application.transit_country_codes,
        goods=[_goods(line) for line in application.goods],
        available_actions=[
            o.as_dict()
            for o in available_actions(
                session, actor, application, runtime().policy, runtime().clock
            )
        ],
        created_by=application.author.username,
        permit=_permit(application),
    )
    if actor.role == "applicant":
        for name in OFFICER_ONLY:
            data.pop(name)
    return data


def etag(application: Application) -> str:
    """The strong ETag of an application: its version."""
    return f'"{application.version}"'


def parse_if_match(header: str | None) -> int | None:
    """The version an ``If-Match`` header names; None for no header or ``*``."""
    if header is None or header.strip() == "*":
        return None
    if not re.fullmatch(IF_MATCH_PATTERN, header.strip()):
        raise errors.MalformedRequest('If-Match must be the ETag of the application, e.g. "3"')
    return int(header.strip().removeprefix("W/").strip('"'))
