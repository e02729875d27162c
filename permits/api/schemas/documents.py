"""Schemas of documents, their verification and the checklist."""

from __future__ import annotations

from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from permits.api.schemas.common import BlockerSchema, Strict
from permits.domain.document_form import DocumentMetadataSchema


class DocumentUploadSchema(DocumentMetadataSchema):
    """A multipart upload: the file and the fields that describe it."""

    file = Upload(required=True, metadata={"description": "PDF, PNG or JPEG; at most 20 MiB"})


class VerificationInSchema(Strict):
    """An officer's decision on one document."""

    decision = fields.String(required=True, validate=validate.OneOf(["accepted", "rejected"]))
    reason = fields.String(allow_none=True, validate=validate.Length(max=4000))


class VerificationSchema(Schema):
    """Where the officer's check of a document stands."""

    status = fields.String(required=True)
    reason = fields.String(allow_none=True, required=True)
    verified_at = fields.DateTime(allow_none=True, required=True)


class DocumentSchema(Schema):
    """A document: its particulars, its file's hash and size, its scan and its verification."""

    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    number = fields.String(required=True)
    issuer = fields.String(required=True)
    issuing_country = fields.String(required=True)
    issued_on = fields.Date(required=True)
    valid_until = fields.Date(allow_none=True, required=True)
    authenticated = fields.Boolean(required=True)
    details = fields.Dict(required=True)
    filename = fields.String(required=True)
    media_type = fields.String(required=True)
    sha256 = fields.String(required=True)
    size = fields.Integer(required=True)
    scan_status = fields.String(required=True)
    verification = fields.Nested(VerificationSchema, required=True)
    replaces_id = fields.Integer(allow_none=True, required=True)
    superseded = fields.Boolean(required=True)
    uploaded_at = fields.DateTime(required=True)


class ChecklistItemSchema(Schema):
    """One checklist item of an application."""

    item = fields.String(required=True)
    label = fields.String(required=True)
    kinds = fields.List(fields.String(), required=True)
    country = fields.String(allow_none=True, required=True)
    required = fields.Boolean(required=True)
    satisfied = fields.Boolean(required=True, metadata={"description": "Attached and usable"})
    accepted = fields.Boolean(required=True, metadata={"description": "Verified and valid today"})
    documents = fields.List(fields.Integer(), required=True)
    blockers = fields.List(fields.Nested(BlockerSchema), required=True)
