"""Schemas of ``/auth/token``."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from permits.api.schemas.common import Strict


class TokenRequestSchema(Strict):
    """Credentials exchanged for a bearer token."""

    username = fields.String(required=True, validate=validate.Length(min=1, max=64))
    password = fields.String(required=True, validate=validate.Length(min=1, max=1024))
    code = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=32),
        metadata={
            "description": "A fresh authenticator code, or a single-use recovery code: "
            "needed once the user has enrolled a second factor"
        },
    )


class TokenUserSchema(Schema):
    """Who the token belongs to."""

    id = fields.Integer(required=True)
    username = fields.String(required=True)
    role = fields.String(required=True)
    firm_id = fields.Integer(allow_none=True, required=True)


class TokenSchema(Schema):
    """A new bearer token; it is shown once and stored only as a hash."""

    token = fields.String(required=True)
    token_type = fields.String(required=True, metadata={"example": "Bearer"})
    expires_at = fields.DateTime(required=True)
    user = fields.Nested(TokenUserSchema, required=True)
