"""The metadata that comes with an uploaded document, checked field by field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from permits.domain.application_form import COUNTRY, flatten_errors, validate_country
from permits.domain.errors import InvalidInput
from permits.domain.json_nesting import load_json
from workflows.checklist import DOCUMENT_KINDS


class JsonQuantities(fields.Dict):
    """Model -> quantity, given as a JSON object (multipart fields are strings)."""

    # A flat object: anything nested deeper is refused before it is parsed.
    MAX_DEPTH = 1

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, str):
            try:
                value = load_json(value, self.MAX_DEPTH)
            except ValueError:
                raise ValidationError('A JSON object like {"686 Silver Pigeon I": 4}.') from None
        return super()._deserialize(value, attr, data, **kwargs)


class DocumentMetadataSchema(Schema):
    """Checklist kind and the document's particulars."""

    class Meta:
        unknown = RAISE

    kind = fields.String(required=True, validate=validate.OneOf(DOCUMENT_KINDS))
    number = fields.String(required=True, validate=validate.Length(min=1, max=100))
    issuer = fields.String(required=True, validate=validate.Length(min=1, max=300))
    issuing_country = fields.String(required=True, validate=validate_country, metadata=COUNTRY)
    issued_on = fields.Date(required=True)
    valid_until = fields.Date(load_default=None, allow_none=True)
    authenticated = fields.Boolean(load_default=False)
    covers_country = fields.String(validate=validate_country, metadata=COUNTRY)
    undertaking_no_reexport = fields.Boolean()
    end_user_name = fields.String(validate=validate.Length(min=1, max=300))
    destination_country = fields.String(validate=validate_country, metadata=COUNTRY)
    quantities = JsonQuantities(
        keys=fields.String(validate=validate.Length(min=1, max=200)),
        values=fields.Integer(strict=True, validate=validate.Range(min=1)),
    )
    replaces = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))

    @validates_schema
    def _consistent(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("valid_until") and data["valid_until"] < data["issued_on"]:
            raise ValidationError("Must not be before issued_on.", "valid_until")
        required = {"transit_non_objection": ["covers_country"],
                    "origin_consent": ["destination_country", "quantities"]}  # fmt: skip
        missing = [f for f in required.get(data["kind"], []) if f not in data]
        if missing:
            raise ValidationError({f: [f"Required for a {data['kind']}."] for f in missing})


DETAIL_FIELDS = (
    "covers_country",
    "undertaking_no_reexport",
    "end_user_name",
    "destination_country",
    "quantities",
)


def parse_document_metadata(data: Mapping[str, Any]) -> dict[str, Any]:
    """Checked metadata; InvalidInput naming each bad field."""
    try:
        return DocumentMetadataSchema().load(dict(data))
    except ValidationError as error:
        raise InvalidInput(flatten_errors(error.messages)) from None
