"""The application form: its structure, types and field rules, shared by every interface.

The REST API, the web views, the CLI and the demo all hand the services the same payload shape
(the API's JSON body); this module turns it into checked Python values, naming every bad field as
a path such as ``goods[0].quantity``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from permits.domain.errors import InvalidInput
from permits.domain.identifiers import (
    COUNTRY_CODES,
    CURRENCY_CODES,
    iin_problem,
    is_country_code,
    is_currency_code,
)
from permits.models.applications import GOODS_CATEGORIES, GOODS_KINDS, PERMIT_TYPES

PERMIT_NUMBER = re.compile(r"^KZ-(IMP|EXP|TRN|REX)-\d{4}-\d{6}$")
UNITS_BY_KIND = {"firearm": ("pcs",), "parts": ("pcs", "sets"), "cartridges": ("rounds",)}
ID_DOCUMENT_TYPES = ("id_card", "passport", "residence_permit")


def _text(max_length: int, required: bool = False, **kw: Any) -> fields.String:
    return fields.String(required=required, validate=validate.Length(min=1, max=max_length), **kw)


def validate_country(value: str) -> None:
    """Refuse anything but an ISO 3166-1 alpha-2 code."""
    if not is_country_code(value):
        raise ValidationError("Not an ISO 3166-1 alpha-2 country code (e.g. 'DE').")


def _is_iin(value: str) -> None:
    problem = iin_problem(value)
    if problem:
        raise ValidationError(problem + ".")


MAX_UNIT_VALUE = 10**12


def _is_money(value: Decimal) -> None:
    # A plain function, not validate.Range: apispec would publish Decimal bounds as strings.
    if not 0 <= value <= MAX_UNIT_VALUE:
        raise ValidationError(f"Must be between 0 and {MAX_UNIT_VALUE}.")


def _is_currency(value: str) -> None:
    if not is_currency_code(value):
        raise ValidationError("Not an ISO 4217 currency code (e.g. 'USD').")


class Strict(Schema):
    """Unknown fields are refused, never silently dropped."""

    class Meta:
        unknown = RAISE


# Published as enums of the very codes the validators accept.
COUNTRY = {"enum": list(COUNTRY_CODES), "description": "ISO 3166-1 alpha-2 code"}


class PersonSchema(Strict):
    """The individual responsible for the import or export (seed A.7(i))."""

    full_name = _text(200, required=True)
    id_document_type = fields.String(required=True, validate=validate.OneOf(ID_DOCUMENT_TYPES))
    id_document_number = fields.String(
        required=True,
        validate=validate.Regexp(r"^[A-Z0-9]{5,20}$", error="5 to 20 capital letters or digits."),
    )
    iin = fields.String(
        required=True, validate=_is_iin, metadata={"pattern": "^[0-9]{12}$", "description": "IIN"}
    )


class PartySchema(Strict):
    """An end user, consignee, carrier or broker."""

    name = _text(300, required=True)
    country = fields.String(required=True, validate=validate_country, metadata=COUNTRY)
    address = _text(500, load_default=None, allow_none=True)


class GoodsSchema(Strict):
    """One goods line."""

    kind = fields.String(required=True, validate=validate.OneOf(GOODS_KINDS))
    category = fields.String(required=True, validate=validate.OneOf(GOODS_CATEGORIES))
    model = _text(200, required=True)
    calibre = _text(50, required=True)
    manufacturer = _text(200, required=True)
    country_of_manufacture = fields.String(
        required=True, validate=validate_country, metadata=COUNTRY
    )
    quantity = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=1, max=100_000_000)
    )
    unit = fields.String(load_default=None)
    unit_value = fields.Decimal(
        required=True,
        places=2,
        validate=_is_money,
        allow_nan=False,
        metadata={"minimum": 0, "maximum": MAX_UNIT_VALUE, "description": "Per unit, 2 decimals"},
    )
    currency = fields.String(
        required=True,
        validate=_is_currency,
        metadata={"enum": list(CURRENCY_CODES), "description": "ISO 4217 code"},
    )
    hs_code = fields.String(
        required=True, validate=validate.Regexp(r"^\d{6,10}$", error="6 to 10 digits.")
    )
    serial_numbers = fields.List(
        fields.String(
            validate=validate.Regexp(
                r"^[A-Za-z0-9][A-Za-z0-9\-/.]{0,63}$",
                error="1 to 64 letters, digits, '-', '/' or '.'.",
            )
        ),
        load_default=list,
    )
    description = _text(2000, load_default=None, allow_none=True)

    @validates_schema
    def _unit_and_serials(self, data: dict[str, Any], **_: Any) -> None:
        kind = data.get("kind")
        units = UNITS_BY_KIND.get(kind, ())
        if data.get("unit") is None and units:
            data["unit"] = units[0]
        elif units and data.get("unit") not in units:
            raise ValidationError(f"For {kind} the unit is one of: {', '.join(units)}.", "unit")
        serials = data.get("serial_numbers") or []
        if kind == "cartridges" and serials:
            raise ValidationError("Cartridges carry no serial numbers.", "serial_numbers")
        # A draft may list no serials yet (submission requires them); a partial list is an error.
        if kind == "firearm" and serials and len(serials) != data.get("quantity"):
            raise ValidationError(
                f"{len(serials)} serial numbers for {data.get('quantity')} firearms: "
                "list exactly one per weapon.",
                "serial_numbers",
            )


class ApplicationSchema(Strict):
    """The whole application form; on create only ``permit_type`` is required."""

    permit_type = fields.String(validate=validate.OneOf(PERMIT_TYPES))
    responsible_person = fields.Nested(PersonSchema, allow_none=True)
    counterpart_country = fields.String(
        validate=validate_country, allow_none=True, metadata=COUNTRY
    )
    transit_countries = fields.List(
        fields.String(validate=validate_country, metadata=COUNTRY), validate=validate.Length(max=20)
    )
    customs_point = _text(16, allow_none=True)
    contract_reference = _text(100, allow_none=True)
    end_user = fields.Nested(PartySchema, allow_none=True)
    consignee = fields.Nested(PartySchema, allow_none=True)
    carrier = fields.Nested(PartySchema, allow_none=True, metadata={"description": "If any"})
    broker = fields.Nested(PartySchema, allow_none=True, metadata={"description": "If any"})
    reexport_of = fields.String(
        validate=validate.Regexp(PERMIT_NUMBER, error="A permit number like KZ-IMP-2026-000123."),
        allow_none=True,
    )
    goods = fields.List(fields.Nested(GoodsSchema), validate=validate.Length(max=200))


def flatten_errors(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """Turn marshmallow's nested messages into ``{"goods[0].quantity": [...]}``."""
    if isinstance(messages, list):
        return {prefix or "_schema": [str(m) for m in messages]}
    flat: dict[str, list[str]] = {}
    for key, value in messages.items():
        if isinstance(key, int):
            path = f"{prefix}[{key}]"
        else:
            path = key if not prefix else (prefix if key == "_schema" else f"{prefix}.{key}")
        flat.update(flatten_errors(value, path))
    return flat


def parse_application(data: Mapping[str, Any], creating: bool) -> dict[str, Any]:
    """Check an application payload's structure and field rules; raise InvalidInput naming fields.

    A new application must name its permit type, which can never change afterwards.
    """
    if not isinstance(data, Mapping):
        raise InvalidInput({"_schema": ["The application must be a JSON object."]})
    try:
        form = ApplicationSchema().load(dict(data))
    except ValidationError as error:
        raise InvalidInput(flatten_errors(error.messages)) from None
    if creating and "permit_type" not in form:
        raise InvalidInput({"permit_type": ["Missing data for required field."]})
    if not creating and not form:
        raise InvalidInput({"_schema": ["Name at least one field to change."]})
    if not creating and "permit_type" in form:
        raise InvalidInput(
            {"permit_type": ["The permit type cannot change; start a new application."]}
        )
    return form
