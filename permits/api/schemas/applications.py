"""Schemas of applications: the form in, the application out, actions and history."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

import workflows
from permits.api.schemas.common import BlockerSchema, Strict
from permits.domain.application_form import ApplicationSchema
from permits.models.applications import PERMIT_TYPES, REFUSAL_GROUNDS
from permits.services.application_search import MAX_SEARCH_LENGTH

STATES = sorted({s for d in workflows.REGISTRY.definitions() for s in d.states})


class ApplicationCreateSchema(ApplicationSchema):
    """A new application: only the permit type is required; a draft may be incomplete."""

    permit_type = fields.String(required=True, validate=validate.OneOf(PERMIT_TYPES))


class ApplicationPatchSchema(ApplicationSchema):
    """Changes to a draft or returned application; the permit type cannot change."""

    class Meta:
        exclude = ("permit_type",)


class ActionBodySchema(Strict):
    """Parameters of a workflow action; which are needed depends on the action."""

    reason = fields.String(allow_none=True, validate=validate.Length(max=4000))
    recommendation = fields.String(allow_none=True, validate=validate.OneOf(["approve", "refuse"]))
    grounds = fields.List(fields.String(validate=validate.OneOf(REFUSAL_GROUNDS)))
    code = fields.String(
        allow_none=True,
        validate=validate.Length(max=32),
        metadata={
            "description": "Authenticator code (or a single-use recovery code): an "
            "enrolled approver confirms approvals"
        },
    )


class ApplicationQuerySchema(Strict):
    """Filters and paging of the application list."""

    status = fields.String(validate=validate.OneOf(STATES))
    permit_type = fields.String(validate=validate.OneOf(PERMIT_TYPES))
    firm_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))
    overdue = fields.Boolean(metadata={"description": "Only (or no) overdue applications"})
    search = fields.String(
        data_key="q",
        validate=validate.Length(min=1, max=MAX_SEARCH_LENGTH),
        metadata={"description": "Find by application number, permit number (the application "
                  "it was issued on and re-exports drawing on it), firm name (any part, any "
                  "case) or BIN, or a weapon's serial number"},
    )  # fmt: skip
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    page_size = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


DECIMAL = {"format": "decimal", "example": "2450.00", "pattern": r"^\d+\.\d{2}$"}


class PersonOutSchema(Schema):
    """The individual responsible for the shipment."""

    full_name = fields.String(allow_none=True, required=True)
    id_document_type = fields.String(allow_none=True, required=True)
    id_document_number = fields.String(allow_none=True, required=True)
    iin = fields.String(allow_none=True, required=True)


class PartyOutSchema(Schema):
    """An end user or consignee."""

    name = fields.String(allow_none=True, required=True)
    country = fields.String(allow_none=True, required=True)
    address = fields.String(allow_none=True, required=True)


class GoodsOutSchema(Schema):
    """A goods line with its serial numbers."""

    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    category = fields.String(required=True)
    model = fields.String(required=True)
    calibre = fields.String(required=True)
    manufacturer = fields.String(required=True)
    country_of_manufacture = fields.String(required=True)
    quantity = fields.Integer(required=True)
    unit = fields.String(required=True)
    unit_value = fields.String(required=True, metadata=DECIMAL)
    currency = fields.String(required=True)
    hs_code = fields.String(required=True)
    in_state_register = fields.Boolean(required=True)
    description = fields.String(allow_none=True, required=True)
    serial_numbers = fields.List(fields.String(), required=True)


class ActionOptionSchema(Schema):
    """An action the caller may take now, with what blocks it."""

    action = fields.String(required=True)
    label = fields.String(required=True)
    to = fields.String(required=True)
    reason_required = fields.Boolean(required=True)
    allowed = fields.Boolean(required=True)
    blockers = fields.List(fields.Nested(BlockerSchema), required=True)


class FirmRefSchema(Schema):
    """The applicant firm."""

    id = fields.Integer(required=True)
    name = fields.String(required=True)
    bin = fields.String(required=True)


class PermitSummarySchema(Schema):
    """The permit an approval issued."""

    number = fields.String(required=True)
    status = fields.String(required=True)
    valid_from = fields.Date(required=True)
    valid_until = fields.Date(required=True)
    import_marking = fields.String(allow_none=True, required=True)


class ApplicationOutSchema(Schema):
    """An application as the caller may see it (officer-only fields omitted for applicants)."""

    id = fields.Integer(required=True)
    status = fields.String(required=True)
    version = fields.Integer(required=True)
    permit_type = fields.String(required=True)
    definition_version = fields.Integer(required=True)
    firm = fields.Nested(FirmRefSchema, required=True)
    responsible_person = fields.Nested(PersonOutSchema, allow_none=True, required=True)
    counterpart_country = fields.String(allow_none=True, required=True)
    transit_countries = fields.List(fields.String(), required=True)
    customs_point = fields.String(allow_none=True, required=True)
    contract_reference = fields.String(allow_none=True, required=True)
    end_user = fields.Nested(PartyOutSchema, allow_none=True, required=True)
    consignee = fields.Nested(PartyOutSchema, allow_none=True, required=True)
    carrier = fields.Nested(PartyOutSchema, allow_none=True, required=True)
    broker = fields.Nested(PartyOutSchema, allow_none=True, required=True)
    reexport_of = fields.String(allow_none=True, required=True)
    goods = fields.List(fields.Nested(GoodsOutSchema), required=True)
    refusal_grounds = fields.List(fields.String(), allow_none=True, required=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)
    submitted_at = fields.DateTime(allow_none=True, required=True)
    decided_at = fields.DateTime(allow_none=True, required=True)
    accepted_at = fields.DateTime(allow_none=True, required=True)
    due_at = fields.Date(
        allow_none=True, required=True,
        metadata={"description": "Day the Ministry's current step is due (working days)"},
    )  # fmt: skip
    overdue = fields.Boolean(required=True)
    decision_extension_reason = fields.String(allow_none=True, required=True)
    embargo_list_version = fields.Integer(allow_none=True, required=True)
    sanctions_list_version = fields.Integer(allow_none=True, required=True)
    available_actions = fields.List(fields.Nested(ActionOptionSchema), required=True)
    permit = fields.Nested(PermitSummarySchema, allow_none=True, required=True)
    recommendation = fields.String(
        allow_none=True, metadata={"description": "Officer's recommendation (Ministry staff only)"}
    )
    created_by = fields.String(metadata={"description": "Username of the author (staff only)"})


OFFICER_ONLY = ("recommendation", "created_by")


class ApplicationPageSchema(Schema):
    """One page of applications and the total over all pages."""

    items = fields.List(fields.Nested(ApplicationOutSchema), required=True)
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    page_size = fields.Integer(required=True)


class HistoryEntrySchema(Schema):
    """One event in an application's history."""

    seq = fields.Integer(required=True)
    at = fields.DateTime(required=True)
    action = fields.String(required=True)
    from_state = fields.String(allow_none=True, required=True)
    to_state = fields.String(allow_none=True, required=True)
    actor = fields.String(allow_none=True, required=True)
    actor_role = fields.String(required=True)
    reason = fields.String(allow_none=True, required=True)
    details = fields.Dict(required=True)
