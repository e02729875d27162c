"""Writing a checked application form onto an application row and its goods lines."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from permits.models import Application, GoodsLine, Marking, TransitCountry
from permits.services.weapon_register import register_entry_in_force

FLAT_FIELDS = ("counterpart_country", "customs_point", "contract_reference", "reexport_of")
PERSON_FIELDS = ("full_name", "id_document_type", "id_document_number", "iin")
PARTY_FIELDS = ("name", "country", "address")
PARTIES = ("end_user", "consignee", "carrier", "broker")
GOODS_FIELDS = (
    "kind",
    "category",
    "model",
    "calibre",
    "manufacturer",
    "country_of_manufacture",
    "quantity",
    "unit",
    "unit_value",
    "currency",
    "hs_code",
    "description",
)


def _goods_line(session: Session, position: int, line: dict[str, Any]) -> GoodsLine:
    goods = GoodsLine(position=position, **{name: line.get(name) for name in GOODS_FIELDS})
    # The entry is kept on the line: a later removal from the register does not change what
    # this application was checked against until the line is written again.
    goods.register_entry = register_entry_in_force(session, line)
    goods.in_state_register = goods.register_entry is not None
    goods.markings = [Marking(position=i, serial=s) for i, s in enumerate(line["serial_numbers"])]
    return goods


def replace_children(session: Session, application: Application, form: dict[str, Any]) -> None:
    """Drop the goods lines and route the form replaces, before the new ones are added.

    Flushed on its own so the new rows' (application, position) keys never meet the old ones.
    """
    if "goods" in form and application.goods:
        application.goods.clear()
    if "transit_countries" in form and application.transit_countries:
        application.transit_countries.clear()
    session.flush()


def apply_form(session: Session, application: Application, form: dict[str, Any]) -> None:
    """Copy every field present in the form onto the application."""
    for name in FLAT_FIELDS:
        if name in form:
            setattr(application, name, form[name])
    if "responsible_person" in form:
        person = form["responsible_person"] or {}
        for name in PERSON_FIELDS:
            setattr(application, f"responsible_{name}", person.get(name))
    for party in PARTIES:
        if party in form:
            values = form[party] or {}
            for name in PARTY_FIELDS:
                setattr(application, f"{party}_{name}", values.get(name))
    if "transit_countries" in form:
        application.transit_countries = [
            TransitCountry(position=i, country_code=code)
            for i, code in enumerate(form["transit_countries"])
        ]
    if "goods" in form:
        application.goods = [_goods_line(session, i, line) for i, line in enumerate(form["goods"])]


def form_fields(application: Application) -> dict[str, Any]:
    """The application's form fields by the names the workflow guards use."""
    names = [*FLAT_FIELDS]
    names += [f"responsible_{n}" for n in PERSON_FIELDS]
    names += [f"{party}_{n}" for party in PARTIES for n in PARTY_FIELDS]
    values = {name: getattr(application, name) for name in names}
    values["transit_countries"] = application.transit_country_codes
    return values


def goods_facts(application: Application) -> list[dict[str, Any]]:
    """The goods lines as plain data for the guards."""
    return [
        {
            "kind": g.kind,
            "model": g.model,
            "calibre": g.calibre,
            "manufacturer": g.manufacturer,
            "country_of_manufacture": g.country_of_manufacture,
            "quantity": g.quantity,
            "in_state_register": g.in_state_register,
            "serial_numbers": g.serial_numbers,
        }
        for g in application.goods
    ]
