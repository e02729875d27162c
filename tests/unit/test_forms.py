"""The application form refuses bad input naming the field, as a path into the payload."""

from __future__ import annotations

import pytest

from permits.domain.application_form import parse_application
from permits.domain.errors import InvalidInput
from tests.factories import application_form, goods_line


def errors_of(data, creating=True):
    with pytest.raises(InvalidInput) as refused:
        parse_application(data, creating=creating)
    return refused.value.errors


def test_a_complete_form_parses_and_gives_units_their_default():
    form = parse_application(application_form(), creating=True)
    assert form["goods"][0]["unit"] == "pcs"
    assert str(form["goods"][0]["unit_value"]) == "2450.00"


@pytest.mark.parametrize(("change", "field"), [
    ({"permit_type": "barter"}, "permit_type"),
    ({"counterpart_country": "XX"}, "counterpart_country"),
    ({"counterpart_country": "de"}, "counterpart_country"),
    ({"transit_countries": ["DE", "ZZ"]}, "transit_countries[1]"),
    ({"goods": [goods_line(quantity=0)]}, "goods[0].quantity"),
    ({"goods": [goods_line(quantity=-3)]}, "goods[0].quantity"),
    ({"goods": [goods_line(quantity="2")]}, "goods[0].quantity"),
    ({"goods": [goods_line(), goods_line(unit_value="-1")]}, "goods[1].unit_value"),
    ({"goods": [goods_line(unit_value="NaN")]}, "goods[0].unit_value"),
    ({"goods": [goods_line(currency="EURO")]}, "goods[0].currency"),
    ({"goods": [goods_line(hs_code="93A3")]}, "goods[0].hs_code"),
    ({"goods": [goods_line(kind="grenade")]}, "goods[0].kind"),
    ({"goods": [goods_line(unit="kg")]}, "goods[0].unit"),
    ({"goods": [goods_line(kind="cartridges", unit="rounds")]}, "goods[0].serial_numbers"),
    ({"goods": [goods_line(serial_numbers=["ok", "bad serial!"])]}, "goods[0].serial_numbers[1]"),
    ({"responsible_person": {"full_name": "A", "id_document_type": "id_card",
                             "id_document_number": "N0451237", "iin": "850302400121"}},
     "responsible_person.iin"),
    ({"responsible_person": {"full_name": "A"}}, "responsible_person.iin"),
    ({"end_user": {"name": "", "country": "UZ"}}, "end_user.name"),
    ({"reexport_of": "KZ-IMP-26-1"}, "reexport_of"),
    ({"contract_reference": "x" * 101}, "contract_reference"),
    ({"colour": "red"}, "colour"),
])  # fmt: skip
def test_each_bad_field_is_named(change, field):
    assert field in errors_of(application_form(**change))


def test_a_new_application_must_name_its_type_and_an_edit_cannot_change_it():
    assert "permit_type" in errors_of({"counterpart_country": "IT"})
    assert "permit_type" in errors_of({"permit_type": "export"}, creating=False)


def test_a_payload_that_is_not_an_object_is_refused():
    assert "_schema" in errors_of(["permit_type", "import"])


def test_an_edit_must_change_something():
    assert errors_of({}, creating=False) == {"_schema": ["Name at least one field to change."]}
