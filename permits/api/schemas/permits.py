"""Schemas of permits and of verification verdicts."""

from __future__ import annotations

from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from permits.api.schemas.common import Strict


class PermitGoodsSchema(Schema):
    """A goods line of a permit, with what customs has seen shipped."""

    id = fields.Integer(required=True, metadata={"description": "The goods line id"})
    kind = fields.String(required=True)
    model = fields.String(required=True)
    calibre = fields.String(required=True)
    manufacturer = fields.String(required=True)
    unit = fields.String(required=True)
    quantity = fields.Integer(required=True)
    quantity_shipped = fields.Integer(required=True)
    serial_numbers = fields.List(fields.String(), required=True)


class PermitSchema(Schema):
    """An issued permit."""

    number = fields.String(required=True)
    status = fields.String(required=True)
    permit_type = fields.String(required=True)
    version = fields.Integer(required=True)
    valid_from = fields.Date(required=True)
    valid_until = fields.Date(required=True)
    customs_point = fields.String(required=True)
    application_id = fields.Integer(required=True)
    issued_at = fields.DateTime(required=True)
    pdf_sha256 = fields.String(required=True)
    goods = fields.List(fields.Nested(PermitGoodsSchema), required=True)


class PermitActionSchema(Strict):
    """Why a permit is suspended, reinstated or revoked."""

    reason = fields.String(allow_none=True, validate=validate.Length(max=4000))


class VerifyUploadSchema(Strict):
    """A permit PDF to check."""

    file = Upload(required=True, metadata={"description": "The permit PDF"})


class VerdictSchema(Schema):
    """Whether a permit PDF is the Ministry's, untouched, and its current status."""

    verdict = fields.String(required=True, metadata={"enum": ["authentic", "tampered", "unknown"]})
    status = fields.String(allow_none=True, required=True)
    permit_number = fields.String(allow_none=True, required=True)
    reasons = fields.List(fields.String(), required=True)


class ShipmentLineInSchema(Strict):
    """One goods line of a shipment."""

    goods_line_id = fields.Integer(required=True, validate=validate.Range(min=1, max=2**31 - 1))
    quantity = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))
    serial_numbers = fields.List(fields.String(validate=validate.Length(min=1, max=64)),
                                 load_default=list)  # fmt: skip


class ShipmentInSchema(Strict):
    """A shipment recorded at a customs point."""

    customs_point = fields.String(required=True, validate=validate.Length(min=1, max=16))
    shipped_on = fields.Date(required=True)
    lines = fields.List(fields.Nested(ShipmentLineInSchema), required=True,
                        validate=validate.Length(min=1, max=200))  # fmt: skip


class ShipmentLineSchema(Schema):
    """A recorded shipment line."""

    goods_line_id = fields.Integer(required=True)
    quantity = fields.Integer(required=True)
    serial_numbers = fields.List(fields.String(), required=True)


class ShipmentSchema(Schema):
    """A recorded shipment and the permit's status after it."""

    id = fields.Integer(required=True)
    customs_point = fields.String(required=True)
    shipped_on = fields.Date(required=True)
    lines = fields.List(fields.Nested(ShipmentLineSchema), required=True)
    permit_status = fields.String(required=True)
