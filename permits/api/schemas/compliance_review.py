"""Schemas of compliance: embargo lists, sanctions lists, clearances, an application's findings."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from permits.api.schemas.common import Strict

CLEARABLE_CODES = ("embargo_non_government", "sanctions_match", "similar_refusal")


class ListVersionSchema(Schema):
    """One loaded version of a reference list."""

    version = fields.Integer(required=True)
    label = fields.String(allow_none=True, required=True)
    source_name = fields.String(required=True)
    sha256 = fields.String(required=True)
    record_count = fields.Integer(required=True)
    loaded_at = fields.DateTime(required=True)
    loaded_by = fields.String(required=True)


class EmbargoRegimeSchema(Schema):
    """A UN arms-embargo regime."""

    regime = fields.String(required=True)
    name = fields.String(required=True)
    country = fields.String(allow_none=True, required=True)
    scope = fields.String(
        required=True, metadata={"enum": ["full", "non_government", "listed_parties"]}
    )
    direction = fields.String(required=True, metadata={"enum": ["to", "from", "both"]})
    resolutions = fields.List(fields.String(), required=True)
    effective_from = fields.Date(required=True)
    effective_to = fields.Date(allow_none=True, required=True)


class EmbargoListSchema(Schema):
    """One version of the embargo list (the one in force unless another was asked for)."""

    version = fields.Nested(ListVersionSchema, allow_none=True, required=True)
    regimes = fields.List(fields.Nested(EmbargoRegimeSchema), required=True)
    versions = fields.List(fields.Integer(), required=True)


class EmbargoQuerySchema(Strict):
    """Which version of the embargo list to read."""

    version = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))


class SanctionsListSchema(Schema):
    """The sanctions list versions loaded (the first is in force)."""

    versions = fields.List(fields.Nested(ListVersionSchema), required=True)


class ClearanceInSchema(Strict):
    """An officer's clearance of one clearable blocker."""

    code = fields.String(required=True, validate=validate.OneOf(CLEARABLE_CODES))
    key = fields.String(required=True, validate=validate.Length(min=1, max=300))
    reason = fields.String(required=True, validate=validate.Length(min=1, max=4000))
    end_user_is_government = fields.Boolean(
        load_default=None,
        allow_none=True,
        metadata={"description": "The assessment an embargo on non-government forces needs"},
    )


class ClearanceSchema(Schema):
    """A recorded clearance."""

    code = fields.String(required=True)
    key = fields.String(required=True)
    reason = fields.String(required=True)
    end_user_is_government = fields.Boolean(allow_none=True, required=True)
    cleared_by_id = fields.Integer(required=True)
    cleared_at = fields.DateTime(required=True)


class ExtensionInSchema(Strict):
    """The justification of a decision deadline's one extension."""

    reason = fields.String(required=True, validate=validate.Length(min=1, max=4000))


class ComplianceSchema(Schema):
    """What the compliance rules found on an application."""

    embargo_list_version = fields.Integer(allow_none=True, required=True)
    embargo_findings = fields.List(fields.Dict(), required=True)
    sanctions_list_version = fields.Integer(allow_none=True, required=True)
    screening_matches = fields.List(fields.Dict(), required=True)
    serial_conflicts = fields.List(fields.Dict(), required=True)
    similar_refusals = fields.List(fields.Dict(), required=True)
    reexport_source = fields.Dict(allow_none=True, required=True)
    clearances = fields.List(fields.Nested(ClearanceSchema), required=True)
    due_on = fields.Date(allow_none=True, required=True)
    overdue = fields.Boolean(required=True)
    decision_extension_reason = fields.String(allow_none=True, required=True)
