"""Schemas of the reference data."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from permits.api.schemas.common import Strict


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


CODE_PATTERN = r"^[A-Z0-9][A-Z0-9-]{0,15}$"
COUNTRY_PATTERN = r"^[A-Z]{2}$"
KIND = validate.OneOf(("border", "airport", "inland"))


class CustomsPointAdminSchema(CustomsPointSchema):
    """A customs point as admins see it, with its kind and version (the ETag)."""

    kind = fields.String(required=True)
    version = fields.Integer(required=True)


class CustomsPointInSchema(Strict):
    """A new customs point; ``border_country`` only (and always) for a border post."""

    code = fields.String(required=True, validate=validate.Regexp(CODE_PATTERN))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    kind = fields.String(required=True, validate=KIND)
    border_country = fields.String(
        load_default=None, allow_none=True, validate=validate.Regexp(COUNTRY_PATTERN)
    )
    active = fields.Boolean(load_default=True)


class CustomsPointPutSchema(Strict):
    """A customs point's new values; deactivate with ``active: false`` (never deleted)."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    kind = fields.String(required=True, validate=KIND)
    border_country = fields.String(
        required=True, allow_none=True, validate=validate.Regexp(COUNTRY_PATTERN)
    )
    active = fields.Boolean(required=True)


class CountryAdminSchema(CountrySchema):
    """A country as admins see it, with the embargo notes and version (the ETag)."""

    embargo_notes = fields.String(required=True)
    version = fields.Integer(required=True)


class CountryPutSchema(Strict):
    """A country's flags."""

    requires_end_user_certificate = fields.Boolean(required=True)
    embargo_notes = fields.String(required=True, validate=validate.Length(max=4000))


class CountryQuerySchema(Strict):
    """Search countries by code or name."""

    q = fields.String(load_default="", validate=validate.Length(max=100))
