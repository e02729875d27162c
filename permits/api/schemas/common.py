"""Schemas shared by every resource: problems and blockers."""

from __future__ import annotations

from marshmallow import RAISE, Schema, fields


class Strict(Schema):
    """Refuses unknown fields instead of dropping them."""

    class Meta:
        unknown = RAISE


class BlockerSchema(Schema):
    """One reason an action cannot be taken."""

    code = fields.String(required=True)
    item = fields.String(allow_none=True, required=True)
    message = fields.String(required=True)


class ProblemSchema(Schema):
    """RFC 9457 problem details, with a stable ``code`` and the field errors or blockers."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    code = fields.String(required=True, metadata={"description": "Stable, machine-readable"})
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "Field path -> messages, e.g. goods[0].quantity"},
    )
    blockers = fields.List(fields.Nested(BlockerSchema))
