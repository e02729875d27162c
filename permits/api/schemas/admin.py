"""Schemas of firms and users (admin endpoints)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from permits.api.schemas.common import Strict
from permits.models.firms import ROLES

BIN_PATTERN = r"^[0-9]{12}$"


class FirmInSchema(Strict):
    """A firm to register."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=300))
    bin = fields.String(required=True, validate=validate.Regexp(BIN_PATTERN, error="12 digits."))
    licence_number = fields.String(required=True, validate=validate.Length(min=1, max=64))
    licence_valid_until = fields.Date(required=True)
    address = fields.String(load_default="", validate=validate.Length(max=500))


class FirmSchema(Schema):
    """A registered firm."""

    id = fields.Integer(required=True)
    name = fields.String(required=True)
    bin = fields.String(required=True)
    address = fields.String(required=True)
    licence_number = fields.String(required=True)
    licence_valid_until = fields.Date(required=True)


class UserInSchema(Strict):
    """A user to create."""

    username = fields.String(
        required=True, validate=validate.Regexp(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
    )
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    password = fields.String(
        required=True, load_only=True, validate=validate.Length(min=12, max=1024)
    )
    firm_bin = fields.String(
        allow_none=True, load_default=None, validate=validate.Regexp(BIN_PATTERN)
    )
    is_head = fields.Boolean(load_default=False)
    full_name = fields.String(load_default="", validate=validate.Length(max=200))


class UserSchema(Schema):
    """A user; never with a password or hash."""

    id = fields.Integer(required=True)
    username = fields.String(required=True)
    full_name = fields.String(required=True)
    role = fields.String(required=True)
    firm_id = fields.Integer(allow_none=True, required=True)
    is_head = fields.Boolean(required=True)
    active = fields.Boolean(required=True)


class PasswordResetSchema(Strict):
    """A new password set by an admin; every token of the user is revoked."""

    password = fields.String(required=True, validate=validate.Length(min=12, max=1024))
