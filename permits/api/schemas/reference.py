"""Schemas of the reference data."""

from __future__ import annotations

from marshmallow import Schema, fields


class CountrySchema(Schema):
    """A country and the flags the rules read."""

    code = fields.String(required=True)
    name = fields.String(required=True)
    requires_end_user_certificate = fields.Boolean(required=True)


class CustomsPointSchema(Schema):
    """A customs point."""

    code = fields.String(required=True)
    name = fields.String(required=True)
    border_country = fields.String(allow_none=True, required=True)
    active = fields.Boolean(required=True)


class WeaponModelSchema(Schema):
    """An entry of the State register."""

    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    manufacturer = fields.String(required=True)
    model = fields.String(required=True)
    calibre = fields.String(required=True)
    register_number = fields.String(allow_none=True, required=True)
    registered_on = fields.Date(attribute="date_added", allow_none=True, required=True)
